import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine output, logs and waits", .timeLimit(.minutes(1)))
struct FakeEngineLogTests {
    static func spec(_ name: String, command: [String]? = nil) -> ContainerSpec {
        var spec = ContainerSpec(name: name, image: "busybox")
        spec.labels = [OwnershipLabels.project: "demo"]
        spec.command = command
        return spec
    }

    static func lines(_ engine: FakeEngine, _ id: String, _ options: LogOptions = LogOptions()) async throws -> [LogLine] {
        var lines: [LogLine] = []
        for try await line in engine.containerLogs(id, options: options) { lines.append(line) }
        return lines
    }

    @Test("an sh -c script of echo and exit prints its lines and exits with its code")
    func script() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-job-1", command: ["sh", "-c", #"echo "a  b"; echo $NAME-${NAME} >&2; false && echo skipped; exit 4"#])
        spec.environment = [EnvironmentVariable("NAME", "x")]
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        #expect(try await Self.lines(engine, id) == [LogLine(stream: .stdout, text: "a  b"), LogLine(stream: .stderr, text: "x-x")])
        let container = try #require(await engine.snapshot().containers.first)
        #expect(container.state == .exited && container.exitCode == 4)
        #expect(container.status == "Exited (4) Less than a second ago")
        #expect(try await engine.waitContainer(id) == 4)
    }

    @Test("a command the fake cannot play keeps running; a plain echo exits 0")
    func commands() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let sleeper = try await engine.createContainer(Self.spec("demo-sleep-1", command: ["sh", "-c", "echo up; sleep 3600; echo never"]))
        let echo = try await engine.createContainer(Self.spec("demo-echo-1", command: ["echo", "hello", "world"]))
        try await engine.startContainer(sleeper)
        try await engine.startContainer(echo)
        let states = await engine.snapshot().containers.map { "\($0.name) \($0.state) \($0.exitCode.map(String.init) ?? "-")" }
        #expect(states == ["demo-sleep-1 running -", "demo-echo-1 exited 0"])
        #expect(try await Self.lines(engine, sleeper).map(\.text) == ["up"])
        #expect(try await Self.lines(engine, echo).map(\.text) == ["hello world"])
    }

    @Test("printed lines honour tail, since, until and timestamps")
    func options() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.simulateOutput(id, ["one", "two"])
        try await engine.simulateOutput(id, ["oops"], stream: .stderr)
        try await engine.simulateOutput(id, ["three"])
        // Created at 1_700_000_000 (2023-11-14T22:13:20Z); each later happening is one fake millisecond on.
        #expect(try await Self.lines(engine, id, LogOptions(timestamps: true)) == [
            LogLine(stream: .stdout, text: "one", timestamp: "2023-11-14T22:13:20.003000000Z"),
            LogLine(stream: .stdout, text: "two", timestamp: "2023-11-14T22:13:20.004000000Z"),
            LogLine(stream: .stderr, text: "oops", timestamp: "2023-11-14T22:13:20.005000000Z"),
            LogLine(stream: .stdout, text: "three", timestamp: "2023-11-14T22:13:20.006000000Z"),
        ])
        #expect(try await Self.lines(engine, id, LogOptions(tail: 2)).map(\.text) == ["oops", "three"])
        #expect(try await Self.lines(engine, id, LogOptions(tail: 0)) == [])
        #expect(try await Self.lines(engine, id, LogOptions(since: 1_700_000_000.0045)).map(\.text) == ["oops", "three"])
        #expect(try await Self.lines(engine, id, LogOptions(until: 1_700_000_000.0045)).map(\.text) == ["one", "two"])
        #expect(try await Self.lines(engine, id, LogOptions(tail: 3, until: 1_700_000_000.0045)).map(\.text) == ["two"])
    }

    @Test("only a running container prints")
    func printNeedsRunning() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        let error = await #expect(throws: EngineError.self) { try await engine.simulateOutput(id, ["x"]) }
        #expect(error?.code == .conflict)
    }

    @Test("following delivers existing and new lines and ends when the container exits")
    func follow() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.simulateOutput(id, ["before"])
        let follower = Task { try await Self.lines(engine, id, LogOptions(follow: true)) }
        try await engine.simulateOutput(id, ["during"], stream: .stderr)
        try await engine.simulateExit(id, code: 2)
        #expect(try await follower.value == [LogLine(stream: .stdout, text: "before"), LogLine(stream: .stderr, text: "during")])
        // Following a stopped container gives what it printed and ends at once.
        #expect(try await Self.lines(engine, id, LogOptions(follow: true)).count == 2)
        #expect(await engine.calls(of: .containerLogs) == [.containerLogs(id, options: LogOptions(follow: true)),
                                                           .containerLogs(id, options: LogOptions(follow: true))])
    }

    @Test("following ends when the container is removed")
    func followRemoved() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        try await engine.simulateOutput(id, ["last words"])
        let follower = Task { try await Self.lines(engine, id, LogOptions(follow: true)) }
        // The follow is in place once the call is recorded (both happen in one turn of the actor).
        while await engine.calls(of: .containerLogs).isEmpty { await Task.yield() }
        try await engine.removeContainer(id, force: true, removeVolumes: false)
        #expect(try await follower.value.map(\.text) == ["last words"])
    }

    @Test("logs of an absent container fail with notFound")
    func absentLogs() async throws {
        let engine = FakeEngine()
        let error = await #expect(throws: EngineError.self) { _ = try await Self.lines(engine, "ghost") }
        #expect(error?.code == .notFound)
    }

    @Test("wait returns at once for created and exited containers, and blocks on a running one until it exits")
    func wait() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        #expect(try await engine.waitContainer(id) == 0)
        try await engine.startContainer(id)
        let waiter = Task { try await engine.waitContainer(id) }
        try await engine.simulateOutput(id, ["still running"])
        try await engine.simulateExit(id, code: 5)
        #expect(try await waiter.value == 5)
        #expect(try await engine.waitContainer(id) == 5)
        let absent = await #expect(throws: EngineError.self) { try await engine.waitContainer("ghost") }
        #expect(absent?.code == .notFound)
    }

    @Test("a forced removal ends a wait with 137; a cancelled wait ends with timeout")
    func waitEnds() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(Self.spec("demo-web-1"))
        try await engine.startContainer(id)
        let removed = Task { try await engine.waitContainer(id) }
        let cancelled = Task { try await engine.waitContainer(id) }
        cancelled.cancel()
        let error = await #expect(throws: EngineError.self) { try await cancelled.value }
        #expect(error?.code == .timeout)
        try await engine.removeContainer(id, force: true, removeVolumes: false)
        // Whether the wait began before or after the removal, it never returns 0 for a killed container.
        let outcome = await removed.result
        switch outcome {
        case .success(let code): #expect(code == 137)
        case .failure(let error): #expect((error as? EngineError)?.code == .notFound)
        }
    }

    @Test("inspectContainer reports times, exit code, restarts and the health log a test set")
    func inspect() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = Self.spec("demo-db-1")
        spec.healthcheck = HealthcheckSpec(test: ["CMD", "pg_isready"])
        let id = try await engine.createContainer(spec)
        let fresh = try await engine.inspectContainer(id)
        #expect(fresh.startedAt == nil && fresh.finishedAt == nil && fresh.container.status == "Created")
        try await engine.startContainer(id)
        try await engine.setHealth(id, .unhealthy, log: ["no response", "no response"])
        try await engine.simulateExit(id, code: 1)
        try await engine.simulateRestart(id)
        let details = try await engine.inspectContainer("demo-db-1")
        #expect(details.healthLog == ["no response", "no response"])
        #expect(details.container.restartCount == 1 && details.container.state == .running && details.container.health == .starting)
        #expect(details.startedAt == "2023-11-14T22:13:20.007000000Z")
        #expect(details.finishedAt == "2023-11-14T22:13:20.004000000Z")
        #expect(details.container.status == "Up Less than a second (health: starting)")
        let absent = await #expect(throws: EngineError.self) { try await engine.inspectContainer("ghost") }
        #expect(absent?.code == .notFound)
    }
}
