import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine reads: status text, ports, command, names, inspection")
struct FakeEngineInspectTests {
    static func spec(_ name: String, project: String? = "demo") -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = project.map { [OwnershipLabels.project: $0] } ?? [:]
        return spec
    }

    static func observed(_ engine: FakeEngine, _ id: String) async throws -> ObservedContainer {
        try #require(try await engine.observe(project: "demo").containers.first { $0.id == id })
    }

    @Test("status reads like dockerd's through the lifecycle")
    func status() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-web-1")
        spec.healthcheck = HealthcheckSpec(test: ["CMD", "true"])
        let id = try await engine.createContainer(spec)
        var texts = [try await Self.observed(engine, id).status]
        try await engine.startContainer(id)
        texts.append(try await Self.observed(engine, id).status)
        try await engine.setHealth(id, .healthy)
        texts.append(try await Self.observed(engine, id).status)
        try await engine.pauseContainer(id)
        texts.append(try await Self.observed(engine, id).status)
        try await engine.stopContainer(id, timeout: 1)
        texts.append(try await Self.observed(engine, id).status)
        #expect(texts == ["Created", "Up Less than a second (health: starting)", "Up Less than a second (healthy)",
                          "Up Less than a second (Paused)", "Exited (137) Less than a second ago"])
    }

    @Test("the command reads as dockerd shows it: entrypoint and command, arguments with spaces quoted")
    func command() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-web-1")
        spec.entrypoint = ["/docker-entrypoint.sh"]
        spec.command = ["nginx", "-g", "daemon off;"]
        let id = try await engine.createContainer(spec)
        let plain = try await engine.createContainer(Self.spec("demo-plain-1"))
        #expect(try await Self.observed(engine, id).command == "/docker-entrypoint.sh nginx -g 'daemon off;'")
        #expect(try await Self.observed(engine, plain).command == "")
    }

    @Test("published ports are bound at start, ephemeral ones from 32768, on both address families without a host IP")
    func ports() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-web-1")
        spec.ports = [PortBinding(containerPort: 80), PortBinding(containerPort: 443, hostIP: "127.0.0.1", hostPort: "8443"),
                      PortBinding(containerPort: 53, portProtocol: .udp, hostPort: "5353-5360")]
        spec.exposedPorts = ["80/tcp", "9000", "9100-9101/udp"]
        let id = try await engine.createContainer(spec)
        #expect(try await Self.observed(engine, id).ports == [])
        try await engine.startContainer(id)
        #expect(try await Self.observed(engine, id).ports == [
            ObservedPort(containerPort: 80, hostIP: "0.0.0.0", hostPort: 32768),
            ObservedPort(containerPort: 80, hostIP: "::", hostPort: 32768),
            ObservedPort(containerPort: 443, hostIP: "127.0.0.1", hostPort: 8443),
            ObservedPort(containerPort: 53, portProtocol: .udp, hostIP: "0.0.0.0", hostPort: 5353),
            ObservedPort(containerPort: 53, portProtocol: .udp, hostIP: "::", hostPort: 5353),
            ObservedPort(containerPort: 9000),
            ObservedPort(containerPort: 9100, portProtocol: .udp),
            ObservedPort(containerPort: 9101, portProtocol: .udp),
        ])
        try await engine.stopContainer(id, timeout: nil)
        #expect(try await Self.observed(engine, id).ports == [])
        try await engine.startContainer(id)
        #expect(try await Self.observed(engine, id).ports.first?.hostPort == 32769)
    }

    @Test("findContainers matches exact names of any owner, with or without the leading slash")
    func findContainers() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let foreign = try await engine.createContainer(Self.spec("web", project: nil))
        let owned = try await engine.createContainer(Self.spec("demo-web-1"))
        #expect(try await engine.findContainers(names: ["web"]).map(\.id) == [foreign])
        #expect(try await engine.findContainers(names: ["/demo-web-1", "we", "demo-web"]).map(\.id) == [owned])
        #expect(try await engine.findContainers(names: []) == [])
        #expect(await engine.calls.last == .findContainers(names: []))
    }

    @Test("observeAllProjects lists labelled containers of every project")
    func allProjects() async throws {
        let engine = FakeEngine(images: ["busybox"])
        _ = try await engine.createContainer(Self.spec("demo-web-1"))
        _ = try await engine.createContainer(Self.spec("stray", project: nil))
        _ = try await engine.createContainer(Self.spec("shop-db-1", project: "shop"))
        #expect(try await engine.observeAllProjects().map(\.name) == ["demo-web-1", "shop-db-1"])
    }

    @Test("inspectNetwork and inspectVolume find any network or volume by name, nil when absent")
    func inspectResources() async throws {
        let engine = FakeEngine()
        let id = try await engine.createNetwork(NetworkSpec(name: "external_net"))
        try await engine.createVolume(VolumeSpec(name: "external_data"))
        #expect(try await engine.inspectNetwork("external_net")?.id == id)
        #expect(try await engine.inspectNetwork(id)?.name == "external_net")
        #expect(try await engine.inspectNetwork("bridge")?.driver == "bridge")
        #expect(try await engine.inspectNetwork("absent") == nil)
        #expect(try await engine.inspectVolume("external_data") == ObservedVolume(name: "external_data", driver: "local", labels: [:]))
        #expect(try await engine.inspectVolume("absent") == nil)
        #expect(await engine.mutatingCalls.count == 2)
    }
}
