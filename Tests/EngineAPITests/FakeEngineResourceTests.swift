import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine networks, volumes and images behave like dockerd's")
struct FakeEngineResourceTests {
    static func spec(_ name: String, networks: [String] = [], mode: String? = nil) -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = [OwnershipLabels.project: "demo"]
        spec.networks = networks.map(NetworkAttachment.init(network:))
        spec.networkMode = mode
        return spec
    }

    static func container(_ engine: FakeEngine, _ id: String) async throws -> ObservedContainer {
        try #require(await engine.snapshot().containers.first { $0.id == id })
    }

    @Test("a container without networks is on bridge; host and none modes use those networks")
    func defaultNetworks() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let plain = try await engine.createContainer(Self.spec("demo-plain-1"))
        let host = try await engine.createContainer(Self.spec("demo-host-1", mode: "host"))
        let none = try await engine.createContainer(Self.spec("demo-none-1", mode: "none"))
        let shared = try await engine.createContainer(Self.spec("demo-shared-1", mode: "container:\(plain)"))
        #expect(try await Self.container(engine, plain).networks == ["bridge"])
        #expect(try await Self.container(engine, host).networks == ["host"])
        #expect(try await Self.container(engine, none).networks == ["none"])
        #expect(try await Self.container(engine, shared).networks == [])
        let error = await #expect(throws: EngineError.self) { try await engine.startContainer(shared) }
        #expect(error?.message == "cannot join network of a non running container: \(plain)")
        try await engine.startContainer(plain)
        try await engine.startContainer(shared)
        let connect = await #expect(throws: EngineError.self) {
            try await engine.connect(container: host, to: NetworkAttachment(network: "bridge"))
        }
        #expect(connect?.code == .invalidArgument)
    }

    @Test("predefined networks cannot be removed and are never observed")
    func predefined() async throws {
        let engine = FakeEngine()
        for name in ["bridge", "host", "none"] {
            let error = await #expect(throws: EngineError.self) { try await engine.removeNetwork(name) }
            #expect(error?.message == "\(name) is a pre-defined network and cannot be removed")
        }
        #expect(await engine.snapshot().networks == [])
    }

    @Test("creating a container on an absent network fails with notFound")
    func absentNetwork() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let error = await #expect(throws: EngineError.self) {
            try await engine.createContainer(Self.spec("demo-web-1", networks: ["demo_default"]))
        }
        #expect(error?.code == .notFound)
        #expect(await engine.snapshot().containers == [])
    }

    @Test("a network held only by stopped containers is removed; they then cannot start, even if it is re-created")
    func staleNetwork() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let networkID = try await engine.createNetwork(NetworkSpec(name: "demo_default"))
        let id = try await engine.createContainer(Self.spec("demo-web-1", networks: ["demo_default"]))
        try await engine.removeNetwork(networkID)
        #expect(try await Self.container(engine, id).networks == ["demo_default"])
        _ = try await engine.createNetwork(NetworkSpec(name: "demo_default"))
        let error = await #expect(throws: EngineError.self) { try await engine.startContainer(id) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "network demo_default not found")
    }

    @Test("an in-use network names its id in the refusal")
    func activeEndpoints() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var network = NetworkSpec(name: "demo_default")
        network.labels = [OwnershipLabels.network: "default"]
        let networkID = try await engine.createNetwork(network)
        let id = try await engine.createContainer(Self.spec("demo-web-1", networks: ["demo_default"]))
        try await engine.startContainer(id)
        let error = await #expect(throws: EngineError.self) { try await engine.removeNetwork("demo_default") }
        #expect(error?.message == "error while removing network: network demo_default id \(networkID) has active endpoints")
        #expect(error?.resource?.description == "network:default")
    }

    @Test("connecting twice conflicts; disconnecting what is not connected is notFound")
    func connectTwice() async throws {
        let engine = FakeEngine(images: ["busybox"])
        _ = try await engine.createNetwork(NetworkSpec(name: "demo_back"))
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        let disconnect = await #expect(throws: EngineError.self) { try await engine.disconnect(container: id, from: "demo_back") }
        #expect(disconnect?.code == .notFound)
        try await engine.connect(container: id, to: NetworkAttachment(network: "demo_back"))
        let again = await #expect(throws: EngineError.self) {
            try await engine.connect(container: id, to: NetworkAttachment(network: "demo_back"))
        }
        #expect(again?.code == .conflict)
        #expect(try await Self.container(engine, id).networks == ["bridge", "demo_back"])
    }

    @Test("networks get subnets from their IPAM pools, or one allocated like dockerd's")
    func subnets() async throws {
        let engine = FakeEngine()
        _ = try await engine.createNetwork(NetworkSpec(name: "a"))
        var pinned = NetworkSpec(name: "b")
        pinned.ipam = IPAMSpec(pools: [IPAMSpec.Pool(subnet: "10.5.0.0/24")])
        pinned.enableIPv6 = true
        pinned.isInternal = true
        _ = try await engine.createNetwork(pinned)
        _ = try await engine.createNetwork(NetworkSpec(name: "c"))
        let networks = await engine.snapshot().networks
        #expect(networks.map(\.subnets) == [["172.18.0.0/16"], ["10.5.0.0/24"], ["172.19.0.0/16"]])
        #expect(networks.map(\.enableIPv6) == [false, true, false])
        #expect(networks.map(\.isInternal) == [false, true, false])
        #expect(networks.map(\.driver) == ["bridge", "bridge", "bridge"])
    }

    @Test("volumes a container mounts are created on the fly; anonymous ones go with removeVolumes")
    func implicitVolumes() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-web-1")
        spec.mounts = [MountSpec(kind: .volume, source: "demo_data", target: "/data"),
                       MountSpec(kind: .volume, source: nil, target: "/cache"),
                       MountSpec(kind: .bind, source: "/tmp", target: "/host")]
        let id = try await engine.createContainer(spec)
        var second = Self.spec("demo-web-2")
        second.mounts = [MountSpec(kind: .volume, source: nil, target: "/cache")]
        let other = try await engine.createContainer(second)
        let volumes = await engine.snapshot().volumes
        #expect(volumes.count == 3)
        #expect(volumes.first == ObservedVolume(name: "demo_data", driver: "local", labels: [:]))
        #expect(volumes.dropFirst().allSatisfy { $0.name.count == 64 && $0.labels == ["com.docker.volume.anonymous": ""] })
        try await engine.removeContainer(id, force: false, removeVolumes: true)
        try await engine.removeContainer(other, force: false, removeVolumes: false)
        #expect(await engine.snapshot().volumes.map(\.name) == ["demo_data", volumes[2].name])
    }

    @Test("creating an existing volume is a no-op unless the driver differs")
    func duplicateVolume() async throws {
        let engine = FakeEngine()
        var spec = VolumeSpec(name: "demo_data")
        spec.labels = ["a": "1"]
        try await engine.createVolume(spec)
        spec.labels = ["a": "2"]
        try await engine.createVolume(spec)
        #expect(await engine.snapshot().volumes.map(\.labels) == [["a": "1"]])
        spec.driver = "nfs"
        let error = await #expect(throws: EngineError.self) { try await engine.createVolume(spec) }
        #expect(error?.code == .conflict)
    }

    @Test("a volume in use names its users, running or not")
    func volumeInUse() async throws {
        let engine = FakeEngine(images: ["busybox"])
        try await engine.createVolume(VolumeSpec(name: "demo_data"))
        var spec = Self.spec("demo-web-1")
        spec.mounts = [MountSpec(kind: .volume, source: "demo_data", target: "/data")]
        let id = try await engine.createContainer(spec)
        let error = await #expect(throws: EngineError.self) { try await engine.removeVolume("demo_data") }
        #expect(error?.message == "remove demo_data: volume is in use - [\(id)]")
    }

    @Test("images match by normalised reference or id")
    func imageLookup() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = FakeEngine.imageID(for: "busybox")
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        #expect(try await engine.imageID("docker.io/library/busybox:latest") == id)
        #expect(try await engine.imageID(id) == id)
        #expect(try await engine.imageID("busybox:1.36") == nil)
        let container = try await engine.createContainer(ContainerSpec(name: "demo-web-1", image: id))
        #expect(await engine.snapshot().containers.first { $0.id == container }?.imageID == id)
        await engine.deleteImage("busybox")
        #expect(try await engine.imageID("busybox") == nil)
    }

    @Test("pull fetches what the registry has, and a newer digest replaces the local image")
    func pull() async throws {
        let engine = FakeEngine(registry: ["nginx:1.27"])
        let unknown = await #expect(throws: EngineError.self) { try await engine.pullImage("ghost/app") }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message == "pull access denied for ghost/app, repository does not exist or may require 'docker login'")
        let invalid = await #expect(throws: EngineError.self) { try await engine.pullImage("Bad Ref") }
        #expect(invalid?.code == .invalidArgument)
        try await engine.pullImage("docker.io/library/nginx:1.27")
        #expect(try await engine.imageID("nginx:1.27") == FakeEngine.imageID(for: "nginx:1.27"))
        await engine.addToRegistry("nginx:1.27", id: "sha256:" + String(repeating: "ab", count: 32))
        try await engine.pullImage("nginx:1.27")
        #expect(try await engine.imageID("nginx:1.27") == "sha256:" + String(repeating: "ab", count: 32))
    }
}
