import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine records calls")
struct FakeEngineRecordingTests {
    static func spec(_ name: String, project: String = "demo") -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = [OwnershipLabels.project: project]
        return spec
    }

    @Test("every call is recorded in order with its arguments")
    func recordsInOrder() async throws {
        let engine = FakeEngine(images: ["busybox"])
        try await engine.ping()
        _ = try await engine.observe(project: "demo")
        _ = try await engine.createNetwork(NetworkSpec(name: "demo_default"))
        _ = try await engine.imageID("busybox")
        var spec = Self.spec("demo-web-1")
        spec.networks = [NetworkAttachment(network: "demo_default")]
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        try await engine.stopContainer("demo-web-1", timeout: 3)
        try await engine.removeContainer("demo-web-1", force: true, removeVolumes: true)
        #expect(await engine.calls.map(\.description) == [
            "ping",
            "observe demo",
            "createNetwork demo_default",
            "imageID busybox",
            "createContainer demo-web-1",
            "startContainer \(id)",
            "stopContainer demo-web-1 timeout=3",
            "removeContainer demo-web-1 force volumes",
        ])
        #expect(await engine.calls[4] == .createContainer(spec))
        #expect(await engine.calls(of: .createContainer) == [.createContainer(spec)])
    }

    @Test("only state-changing calls are mutating")
    func mutatingCalls() async throws {
        let engine = FakeEngine(images: ["busybox"])
        try await engine.ping()
        _ = try await engine.observe(project: "demo")
        _ = try await engine.imageID("busybox")
        #expect(await engine.mutatingCalls == [])
        try await engine.createVolume(VolumeSpec(name: "demo_data"))
        #expect(await engine.mutatingCalls == [.createVolume(VolumeSpec(name: "demo_data"))])
        #expect(FakeEngine.Call.Kind.allCases.filter { !$0.isMutating } == [
            .ping, .observe, .imageID, .observeAllProjects, .findContainers, .inspectNetwork, .inspectVolume, .inspectContainer,
            .inspectImage, .containerLogs, .waitContainer, .events,
        ])
    }

    @Test("failed calls are recorded too; test controls are not")
    func failedCallsRecorded() async throws {
        let engine = FakeEngine(images: ["busybox"])
        await #expect(throws: EngineError.self) { try await engine.startContainer("missing") }
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.setHealth(id, .healthy)
        try await engine.ignoreStopSignal(id)
        await engine.addImage("nginx")
        _ = await engine.snapshot()
        #expect(await engine.calls.map(\.kind) == [.startContainer, .createContainer])
    }

    @Test("resetCalls forgets the setup")
    func reset() async throws {
        let engine = FakeEngine()
        try await engine.createVolume(VolumeSpec(name: "v1"))
        await engine.resetCalls()
        try await engine.removeVolume("v1")
        #expect(await engine.calls == [.removeVolume("v1")])
    }

    @Test("calls name their subject", arguments: [
        (FakeEngine.Call.connect(container: "c", attachment: NetworkAttachment(network: "n")), "connect c n", "c"),
        (.disconnect(container: "c", network: "n"), "disconnect c n", "c"),
        (.killContainer("c", signal: "HUP"), "killContainer c HUP", "c"),
        (.renameContainer("c", to: "d"), "renameContainer c d", "c"),
        (.removeContainer("c", force: false, removeVolumes: false), "removeContainer c", "c"),
        (.stopContainer("c", timeout: nil), "stopContainer c", "c"),
        (.pullImage("nginx"), "pullImage nginx", "nginx"),
        (.pauseContainer("c"), "pauseContainer c", "c"),
    ])
    func descriptions(call: FakeEngine.Call, description: String, subject: String) {
        #expect(call.description == description)
        #expect(call.subject == subject)
    }
}
