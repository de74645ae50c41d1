import EngineAPI

extension EngineContractSuite {
    static let processChecks: [EngineContractCheck] = [
        EngineContractCheck("waitContainer and inspectContainer report the exit code", exitCode),
        EngineContractCheck("containerLogs gives each line once with its stream, honouring tail and timestamps", logs),
        EngineContractCheck("following logs delivers new output and ends when the container exits", follow),
        EngineContractCheck("events report a container's start and die, for its project only", events),
        EngineContractCheck("observe reports command, status text and published ports", statusAndPorts),
    ]

    private static func exitCode(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.scriptSpec("exits", "exit 3"))
        // The `not-running` condition: a container that never ran is not running, with exit code 0.
        let before = try await run.wait(id, "waiting for a created container")
        try run.require(before == 0, "waiting for a container that never started must return 0 at once, returned \(before)")
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        let code = try await run.wait(id, "waiting for the container to exit")
        try run.require(code == 3, "waitContainer must return the exit code 3 of `exit 3`, returned \(code)")
        let details = try await run.step("inspectContainer") { () throws(EngineError) in try await engine.inspectContainer(id) }
        let container = details.container
        try run.require(container.id == id && container.name == "\(run.project)-exits-1",
                        "inspectContainer must describe \(id), described \(container.name) \(container.id)")
        try run.require(container.state == .exited && container.exitCode == 3,
                        "inspectContainer must report exited with 3, reports \(container.state) with \(container.exitCode.map(String.init) ?? "nil")")
        try run.require(container.restartCount == 0, "a container without restart policy must report 0 restarts, reports \(container.restartCount)")
        try run.require(container.health == .none && details.healthLog.isEmpty,
                        "a container without health check must report no health, reports \(container.health) \(details.healthLog)")
        try run.require(details.startedAt != nil && details.finishedAt != nil,
                        "an exited container must report start and finish times, reports \(details.startedAt ?? "nil") and \(details.finishedAt ?? "nil")")
        try run.require(container.labels[OwnershipLabels.project] == run.project, "inspectContainer must report the container's labels")
        let again = try await run.wait(id, "waiting for an exited container")
        try run.require(again == 3, "waiting for an exited container must return its exit code 3 at once, returned \(again)")
    }

    private static func logs(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.scriptSpec("talker", "echo out; echo err >&2"))
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        let code = try await run.wait(id, "waiting for the container to exit")
        try run.require(code == 0, "the script must exit 0, exited \(code)")

        let all = try await run.logs(id, LogOptions(), "reading the logs")
        let expected = [LogLine(stream: .stdout, text: "out"), LogLine(stream: .stderr, text: "err")]
        // stdout and stderr are separate pipes: their relative order is not the engine's promise.
        try run.require(all.count == 2 && Set(all) == Set(expected),
                        "the logs must be exactly stdout \"out\" and stderr \"err\", are \(describe(all))")
        let last = try await run.logs(id, LogOptions(tail: 1), "reading the last line")
        try run.require(last == Array(all.suffix(1)), "the logs with tail 1 must be \(describe(Array(all.suffix(1)))), are \(describe(last))")
        let stamped = try await run.logs(id, LogOptions(timestamps: true), "reading the logs with timestamps")
        try run.require(stamped.map { LogLine(stream: $0.stream, text: $0.text) } == all,
                        "the logs with timestamps must have the same lines and streams, are \(describe(stamped))")
        let malformed = stamped.filter { !isTimestamp($0.timestamp) }
        try run.require(malformed.isEmpty, "every line must carry an RFC 3339 timestamp when asked for, these do not: \(describe(malformed))")
    }

    private static func follow(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.scriptSpec("follower", "echo ready; sleep 3600"))
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        let (arrivals, arrival) = AsyncStream<LogLine>.makeStream()
        let consumer = Task { () async throws -> [LogLine] in
            defer { arrival.finish() }
            var lines: [LogLine] = []
            for try await line in engine.containerLogs(id, options: LogOptions(follow: true)) {
                lines.append(line)
                arrival.yield(line)
            }
            return lines
        }
        defer { consumer.cancel() }
        let first = try await run.within("the first followed line") { () async -> LogLine? in
            var iterator = arrivals.makeAsyncIterator()
            return await iterator.next()
        }
        try run.require(first == LogLine(stream: .stdout, text: "ready"),
                        "following must deliver stdout \"ready\" first, delivered \(first.map { describe([$0]) } ?? "nothing")")
        try await run.step("kill") { () throws(EngineError) in try await engine.killContainer(id, signal: "SIGKILL") }
        let lines = try await run.within("the end of the followed logs after the container was killed") { () async throws -> [LogLine] in
            try await valueCancellingWith(consumer)
        }
        try run.require(lines == [LogLine(stream: .stdout, text: "ready")], "the followed logs must be just \"ready\", were \(describe(lines))")
    }

    private static func events(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let noise = run.containerSpec("noise", project: run.otherProject)
        var noisy = noise
        noisy.command = ["sh", "-c", "exit 0"]
        let theirs = try await run.createContainer(noisy)
        try await run.step("start \(noise.name)") { () throws(EngineError) in try await engine.startContainer(theirs) }
        _ = try await run.wait(theirs, "waiting for \(noise.name)")

        let id = try await run.createContainer(run.scriptSpec("brief", "exit 0"))
        let since = try await run.container(id).created - 1
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        _ = try await run.wait(id, "waiting for the container to exit")

        // Events since just before the creation are replayed, then live ones follow on the same stream.
        let project = run.project
        let (arrivals, arrival) = AsyncStream<EngineEvent>.makeStream()
        let consumer = Task { () async throws -> [EngineEvent] in
            defer { arrival.finish() }
            var seen: [EngineEvent] = []
            for try await event in engine.events(project: project, since: since) {
                seen.append(event)
                arrival.yield(event)
                if seen.filter({ $0.action == .die && $0.subject == id }).count == 2 { break }
            }
            return seen
        }
        defer { consumer.cancel() }
        _ = try await run.within("the replayed die event of the exited container") { () async -> Bool in
            for await event in arrivals where event.action == .die && event.subject == id { return true }
            return false
        }
        try await run.step("second start") { () throws(EngineError) in try await engine.startContainer(id) }
        let seen = try await run.within("the live start and die events of the second run") { () async throws -> [EngineEvent] in
            try await valueCancellingWith(consumer)
        }
        let lifecycle = seen.filter { $0.subject == id && ($0.action == .start || $0.action == .die) }.map(\.action)
        try run.require(lifecycle == [.start, .die, .start, .die],
                        "the container's start and die events must come in order twice, came \(lifecycle.map(\.rawValue))")
        let foreign = seen.filter { $0.subject == theirs || $0.labels[OwnershipLabels.project] != project }
        try run.require(foreign.isEmpty, "events(project: \(project)) must carry only its project's events, carried \(foreign.map { "\($0.action.rawValue) \($0.subject)" })")
        let early = seen.filter { $0.time < since }
        try run.require(early.isEmpty, "events since \(since) must not be older, got times \(early.map(\.time))")
    }

    private static func statusAndPorts(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        var spec = run.scriptSpec("shown", "sleep 3600")
        spec.ports = [PortBinding(containerPort: 80, hostIP: "127.0.0.1")]
        let id = try await run.createContainer(spec)
        let created = try await run.container(id)
        try run.require(created.command == "sh -c 'sleep 3600'",
                        "the command must read as dockerd shows it, sh -c 'sleep 3600', it reads \(created.command)")
        try run.require(created.status == "Created", "a new container's status must be Created, it is \(created.status)")
        try run.require(created.ports.isEmpty, "a container that never ran must have no bound ports, it has \(created.ports)")

        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        let running = try await run.container(id)
        try run.require(running.status.hasPrefix("Up "), "a running container's status must start with \"Up \", it is \(running.status)")
        let bound = running.ports.filter { $0.containerPort == 80 }
        try run.require(bound.count == 1 && bound.first?.portProtocol == .tcp && bound.first?.hostIP == "127.0.0.1"
                            && (bound.first?.hostPort ?? 0) > 0,
                        "port 80 must be published once on 127.0.0.1 with an ephemeral host port, ports are \(running.ports)")

        try await run.step("kill") { () throws(EngineError) in try await engine.killContainer(id, signal: "SIGKILL") }
        let exited = try await run.eventually(id, .exited, after: "SIGKILL")
        try run.require(exited.status.hasPrefix("Exited (137) "), "an exited container's status must start with \"Exited (137) \", it is \(exited.status)")
        try run.require(exited.ports.isEmpty, "an exited container must have no bound ports, it has \(exited.ports)")
    }

    /// A task's value; cancelling the waiter cancels the task (awaiting `value` alone would not).
    static func valueCancellingWith<T: Sendable>(_ task: Task<T, any Error>) async throws -> T {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    static func describe(_ lines: [LogLine]) -> String {
        "[" + lines.map { "\($0.stream.rawValue) \"\($0.text)\"" + ($0.timestamp.map { " at \($0)" } ?? "") }.joined(separator: ", ") + "]"
    }

    /// `2024-01-02T03:04:05.123456789Z` or with an offset; the fraction is optional.
    static func isTimestamp(_ text: String?) -> Bool {
        guard let text, text.count >= 20 else { return false }
        let characters = Array(text)
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        return digits.allSatisfy { characters[$0].isASCII && characters[$0].isNumber }
            && characters[4] == "-" && characters[7] == "-" && characters[10] == "T" && characters[13] == ":" && characters[16] == ":"
    }
}
