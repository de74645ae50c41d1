import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine injects faults")
struct FakeEngineFaultTests {
    static func spec(_ name: String) -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = [OwnershipLabels.project: "demo"]
        return spec
    }

    /// The engine error a task ended with (nil when it succeeded).
    static func code(of result: Result<Void, any Error>) -> EngineError.Code? {
        guard case .failure(let error) = result else { return nil }
        return (error as? EngineError)?.code
    }

    @Test("failNext fails one call of its kind, before it changes anything")
    func failNextOnce() async throws {
        let engine = FakeEngine(images: ["busybox"])
        await engine.failNext(.createContainer, with: EngineError(.unavailable, "connection reset"))
        let error = await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-web-1")) }
        #expect(error?.code == .unavailable)
        #expect(error?.message == "connection reset")
        #expect(await engine.snapshot().containers.isEmpty)
        _ = try await engine.createContainer(Self.spec("demo-web-1"))
        #expect(await engine.snapshot().containers.map(\.name) == ["demo-web-1"])
    }

    @Test("a failure after applying loses the response, not the change")
    func failAfterApplying() async throws {
        let engine = FakeEngine(images: ["busybox"])
        await engine.failNext(.createContainer, with: EngineError(.unavailable, "EOF"), at: .afterApplying)
        await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-web-1")) }
        #expect(try await engine.observe(project: "demo").containers.map(\.name) == ["demo-web-1"])
        let retry = await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-web-1")) }
        #expect(retry?.code == .conflict)
    }

    @Test("a predicate picks the calls to fail, for a number of times")
    func predicateTimes() async throws {
        let engine = FakeEngine(images: ["busybox"])
        await engine.fail(with: EngineError(.internalError, "boom"), times: 2) { call in
            call.kind == .createContainer && call.subject == "demo-db-1"
        }
        _ = try await engine.createContainer(Self.spec("demo-web-1"))
        await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-db-1")) }
        await #expect(throws: EngineError.self) { try await engine.createContainer(Self.spec("demo-db-1")) }
        _ = try await engine.createContainer(Self.spec("demo-db-1"))
        #expect(await engine.snapshot().containers.map(\.name) == ["demo-web-1", "demo-db-1"])
    }

    @Test("a rule without a count fails every matching call until cleared")
    func unlimitedUntilCleared() async throws {
        let engine = FakeEngine()
        await engine.fail(with: EngineError(.unavailable, "down")) { _ in true }
        for _ in 0..<3 {
            await #expect(throws: EngineError.self) { try await engine.ping() }
        }
        await engine.clearFaults()
        try await engine.ping()
        #expect(await engine.calls.count == 4)
    }

    @Test("the earliest matching rule strikes first")
    func ruleOrder() async throws {
        let engine = FakeEngine()
        await engine.failNext(.ping, with: EngineError(.timeout, "first"))
        await engine.failNext(.ping, with: EngineError(.unavailable, "second"))
        let first = await #expect(throws: EngineError.self) { try await engine.ping() }
        let second = await #expect(throws: EngineError.self) { try await engine.ping() }
        #expect(first?.message == "first")
        #expect(second?.message == "second")
        try await engine.ping()
    }

    @Test("a hung call ends with timeout when its task is cancelled, having changed nothing")
    func hangUntilCancelled() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        await engine.hangNext(.startContainer)
        let task = Task { try await engine.startContainer(id) }
        await engine.waitForHangingCalls(1)
        #expect(await engine.hangingCallCount == 1)
        // Other calls go on while one hangs.
        #expect(try await engine.observe(project: "demo").containers.first?.state == .created)
        task.cancel()
        #expect(Self.code(of: await task.result) == .timeout)
        #expect(await engine.hangingCallCount == 0)
        #expect(await engine.snapshot().containers.first?.state == .created)
    }

    @Test("a call cancelled before it hangs ends at once")
    func cancelledBeforeHanging() async throws {
        let engine = FakeEngine()
        await engine.hangNext(.ping)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await engine.ping()
        }
        #expect(Self.code(of: await task.result) == .timeout)
    }

    @Test("released hung calls complete as if the engine was slow")
    func releaseHangs() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        await engine.hang(times: 2) { $0.kind == .startContainer || $0.kind == .ping }
        async let started: Void = engine.startContainer(id)
        async let pinged: Void = engine.ping()
        await engine.waitForHangingCalls(2)
        await engine.releaseHangingCalls()
        try await started
        try await pinged
        #expect(await engine.snapshot().containers.first?.state == .running)
        try await engine.ping()
    }

    @Test("a hang after applying has already changed the state")
    func hangAfterApplying() async throws {
        let engine = FakeEngine()
        await engine.hangNext(.createVolume, at: .afterApplying)
        let task = Task { try await engine.createVolume(VolumeSpec(name: "v")) }
        await engine.waitForHangingCalls()
        #expect(await engine.snapshot().volumes.map(\.name) == ["v"])
        task.cancel()
        #expect(Self.code(of: await task.result) == .timeout)
    }
}

@Suite("FakeEngine injects faults into the newer calls", .timeLimit(.minutes(1)))
struct FakeEngineStreamFaultTests {
    static func started(_ engine: FakeEngine) async throws -> String {
        var spec = ContainerSpec(name: "demo-web-1", image: "busybox")
        spec.labels = [OwnershipLabels.project: "demo"]
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        return id
    }

    @Test("a failing logs call ends the stream with the error before any line")
    func logsFailBefore() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await Self.started(engine)
        try await engine.simulateOutput(id, ["hello"])
        await engine.failNext(.containerLogs, with: EngineError(.unavailable, "reset"))
        var lines: [String] = []
        let error = await #expect(throws: EngineError.self) {
            for try await line in engine.containerLogs(id, options: LogOptions()) { lines.append(line.text) }
        }
        #expect(error?.message == "reset")
        #expect(lines == [])
    }

    @Test("a logs call failing after applying delivers the existing lines, then the error")
    func logsFailAfter() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await Self.started(engine)
        try await engine.simulateOutput(id, ["hello"])
        await engine.failNext(.containerLogs, with: EngineError(.unavailable, "reset"), at: .afterApplying)
        var lines: [String] = []
        await #expect(throws: EngineError.self) {
            for try await line in engine.containerLogs(id, options: LogOptions(follow: true)) { lines.append(line.text) }
        }
        #expect(lines == ["hello"])
    }

    @Test("a hung wait ends with timeout when cancelled, though the container exited meanwhile")
    func waitHangs() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await Self.started(engine)
        await engine.hangNext(.waitContainer)
        let waiter = Task { try await engine.waitContainer(id) }
        await engine.waitForHangingCalls(1)
        try await engine.simulateExit(id, code: 0)
        waiter.cancel()
        let error = await #expect(throws: EngineError.self) { try await waiter.value }
        #expect(error?.code == .timeout)
    }

    @Test("inspections fail like any call, and are not mutating")
    func inspectFails() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await Self.started(engine)
        await engine.fail(with: EngineError(.internalError, "boom"), times: 2) { call in
            call.kind == .inspectContainer || call.kind == .findContainers
        }
        await #expect(throws: EngineError.self) { try await engine.inspectContainer(id) }
        await #expect(throws: EngineError.self) { try await engine.findContainers(names: ["demo-web-1"]) }
        #expect(try await engine.inspectContainer(id).container.state == .running)
        #expect(await engine.mutatingCalls.map(\.kind) == [.createContainer, .startContainer])
    }
}
