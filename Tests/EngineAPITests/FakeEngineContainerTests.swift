import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine containers behave like dockerd's")
struct FakeEngineContainerTests {
    static func spec(_ name: String, healthcheck: [String]? = nil) -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = [OwnershipLabels.project: "demo"]
        spec.healthcheck = healthcheck.map(HealthcheckSpec.init(test:))
        return spec
    }

    static func observed(_ engine: FakeEngine, _ id: String) async throws -> ObservedContainer {
        try #require(await engine.snapshot().containers.first { $0.id == id })
    }

    @Test("ids are 64 hex digits, distinct, and the same for the same calls")
    func ids() async throws {
        let first = FakeEngine(images: ["busybox"])
        let second = FakeEngine(images: ["busybox"])
        let a = try await first.createContainer(Self.spec("demo-a-1"))
        let b = try await first.createContainer(Self.spec("demo-b-1"))
        #expect(a.count == 64 && a.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a != b)
        #expect(try await second.createContainer(Self.spec("demo-a-1")) == a)
    }

    @Test("a container is found by id, name, /name or unique id prefix")
    func lookup() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(String(id.prefix(12)))
        try await engine.stopContainer("/demo-web-1", timeout: nil)
        try await engine.removeContainer("demo-web-1", force: false, removeVolumes: false)
        let error = await #expect(throws: EngineError.self) { try await engine.startContainer(id) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "No such container: \(id)")
    }

    @Test("a taken name is refused with the holder's id and resource")
    func nameConflictMessage() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-web-1")
        spec.labels[OwnershipLabels.service] = "web"
        spec.labels[OwnershipLabels.containerNumber] = "1"
        let holder = try await engine.createContainer(spec)
        let error = await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-web-1")) }
        #expect(error?.code == .conflict)
        #expect(error?.resource?.description == "service:web:1")
        #expect(error?.message == "Conflict. The container name \"/demo-web-1\" is already in use by container \"\(holder)\". "
            + "You have to remove (or rename) that container to be able to reuse that name.")
    }

    @Test("invalid names are refused", arguments: ["x", "-web", "web app", "wéb"])
    func invalidNames(name: String) async throws {
        let engine = FakeEngine(images: ["busybox"])
        let error = await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec(name)) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("stop exits 0, or 137 when the process ignores the stop signal")
    func stopExitCodes() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let polite = try await engine.createContainer(Self.spec("demo-polite-1"))
        let stubborn = try await engine.createContainer(Self.spec("demo-stubborn-1"))
        try await engine.ignoreStopSignal(stubborn)
        for id in [polite, stubborn] {
            try await engine.startContainer(id)
            try await engine.stopContainer(id, timeout: 1)
        }
        #expect(try await Self.observed(engine, polite).exitCode == 0)
        #expect(try await Self.observed(engine, stubborn).exitCode == 137)
        #expect(try await Self.observed(engine, stubborn).state == .exited)
    }

    @Test("kill exits with 128 + the signal", arguments: [("KILL", 137), ("SIGTERM", 143), ("2", 130), ("sighup", 129)])
    func killCodes(signal: String, code: Int) async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.killContainer(id, signal: signal)
        #expect(try await Self.observed(engine, id).exitCode == code)
    }

    @Test("kill refuses unknown signals")
    func killUnknownSignal() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        let error = await #expect(throws: EngineError.self) { try await engine.killContainer(id, signal: "SIGBOGUS") }
        #expect(error?.code == .invalidArgument)
        #expect(try await Self.observed(engine, id).state == .running)
    }

    @Test("health starts as starting with a health check, none without, and can be set")
    func health() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let checked = try await engine.createContainer(Self.spec("demo-checked-1", healthcheck: ["CMD", "true"]))
        let plain = try await engine.createContainer(Self.spec("demo-plain-1"))
        let disabled = try await engine.createContainer(Self.spec("demo-disabled-1", healthcheck: ["NONE"]))
        for id in [checked, plain, disabled] { try await engine.startContainer(id) }
        #expect(try await Self.observed(engine, checked).health == .starting)
        #expect(try await Self.observed(engine, plain).health == ObservedContainer.Health.none)
        #expect(try await Self.observed(engine, disabled).health == ObservedContainer.Health.none)
        try await engine.setHealth(checked, .healthy)
        #expect(try await Self.observed(engine, checked).health == .healthy)
        try await engine.simulateExit(checked, code: 3)
        let exited = try await Self.observed(engine, checked)
        #expect(exited.state == .exited && exited.exitCode == 3 && exited.health == .unhealthy)
    }

    @Test("a restart by policy bumps the restart count and runs the container again")
    func restart() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.simulateExit(id, code: 1)
        try await engine.simulateRestart(id)
        try await engine.simulateRestart(id)
        let container = try await Self.observed(engine, id)
        #expect(container.state == .running && container.restartCount == 2 && container.exitCode == nil)
        // A manual start does not count as a restart.
        try await engine.stopContainer(id, timeout: nil)
        try await engine.startContainer(id)
        #expect(try await Self.observed(engine, id).restartCount == 2)
    }

    @Test("simulateExit needs a running container")
    func simulateExitNeedsRunning() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        await #expect(throws: EngineError.self) { try await engine.simulateExit(id, code: 0) }
    }

    @Test("a paused container cannot be started, killed by stop, or removed without force")
    func paused() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.pauseContainer(id)
        let start = await #expect(throws: EngineError.self) { try await engine.startContainer(id) }
        #expect(start?.message == "cannot start a paused container, try unpause instead")
        let pauseAgain = await #expect(throws: EngineError.self) { try await engine.pauseContainer(id) }
        #expect(pauseAgain?.code == .conflict)
        try await engine.stopContainer(id, timeout: 1)
        #expect(try await Self.observed(engine, id).exitCode == 137)
        let pauseExited = await #expect(throws: EngineError.self) { try await engine.pauseContainer(id) }
        #expect(pauseExited?.message == "container \(id) is not running")
    }

    @Test("rename refuses the current name and invalid names")
    func renameRefusals() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        let same = await #expect(throws: EngineError.self) { try await engine.renameContainer(id, to: "demo-web-1") }
        #expect(same?.code == .invalidArgument)
        let invalid = await #expect(throws: EngineError.self) { try await engine.renameContainer(id, to: "a b") }
        #expect(invalid?.code == .invalidArgument)
        try await engine.renameContainer(id, to: "/demo-web-2")
        #expect(await engine.snapshot().containers.map(\.name) == ["demo-web-2"])
    }

    @Test("observe lists containers in creation order with increasing creation times")
    func creationOrder() async throws {
        let engine = FakeEngine(images: ["busybox"])
        for name in ["demo-c-1", "demo-a-1", "demo-b-1"] { _ = try await engine.createContainer(Self.spec(name)) }
        let containers = try await engine.observe(project: "demo").containers
        #expect(containers.map(\.name) == ["demo-c-1", "demo-a-1", "demo-b-1"])
        #expect(containers.map(\.created) == [1_700_000_000, 1_700_000_001, 1_700_000_002])
    }
}
