import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker engine logs, wait and events (SWIFT_COMPOSE_IT=docker)", .enabled(if: DockerIntegration.enabled))
struct DockerStreamsIntegrationTests {
    @Test("logs of stdout and stderr, whole, tailed and with timestamps")
    func logs() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let spec = DockerIntegration.container(project, "talk", command: ["sh", "-c", "echo err1 >&2; sleep 1; echo out1; echo; echo out2; printf partial"])
        do {
            let id = try await DockerIntegration.start(engine, spec)
            #expect(try await engine.waitContainer(id) == 0)
            let all = try await DockerIntegration.logs(engine, id)
            #expect(all == [
                LogLine(stream: .stderr, text: "err1"), LogLine(stream: .stdout, text: "out1"), LogLine(stream: .stdout, text: ""),
                LogLine(stream: .stdout, text: "out2"), LogLine(stream: .stdout, text: "partial"),
            ])
            #expect(try await DockerIntegration.logs(engine, id, LogOptions(tail: 2)).map(\.text) == ["out2", "partial"])
            #expect(try await DockerIntegration.logs(engine, id, LogOptions(tail: 0)).isEmpty)
            let stamped = try await DockerIntegration.logs(engine, id, LogOptions(timestamps: true))
            #expect(stamped.map(\.text) == all.map(\.text))
            #expect(stamped.map(\.stream) == all.map(\.stream))
            #expect(stamped.allSatisfy { $0.timestamp.flatMap(DockerTime.seconds(rfc3339:)) != nil })
            // err1 came a second before out1: a millisecond either side of out1's time splits them.
            let out1 = try #require(stamped[1].timestamp.flatMap(DockerTime.seconds(rfc3339:)))
            #expect(try await DockerIntegration.logs(engine, id, LogOptions(since: out1 - 0.001)).map(\.text) == ["out1", "", "out2", "partial"])
            #expect(try await DockerIntegration.logs(engine, id, LogOptions(until: out1 - 0.001)).map(\.text) == ["err1"])
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("a TTY container's logs are raw, all on stdout")
    func tty() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let spec = DockerIntegration.container(project, "tty", command: ["sh", "-c", "echo a; echo b >&2; printf c"], tty: true)
        do {
            let id = try await DockerIntegration.start(engine, spec)
            #expect(try await engine.waitContainer(id) == 0)
            #expect(try await DockerIntegration.logs(engine, id) == [
                LogLine(stream: .stdout, text: "a"), LogLine(stream: .stdout, text: "b"), LogLine(stream: .stdout, text: "c"),
            ])
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("following logs delivers new output and ends when the container exits; wait returns the exit code")
    func followAndWait() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let spec = DockerIntegration.container(project, "follow", command: ["sh", "-c", "echo start; sleep 2; echo end; exit 3"])
        do {
            let id = try await DockerIntegration.start(engine, spec)
            let lines = try await DockerIntegration.logs(engine, id, LogOptions(follow: true))
            #expect(lines.map(\.text) == ["start", "end"])
            #expect(try await engine.waitContainer(id) == 3)
            let details = try await engine.inspectContainer(id)
            #expect(details.container.exitCode == 3)
            #expect(details.container.state == .exited)
            #expect(details.container.name == spec.name)
            #expect(details.startedAt != nil)
            #expect(details.finishedAt != nil)
            #expect(details.error == nil)
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("a follow stream of a running container ends when its consumer stops reading or is cancelled")
    func cancelFollow() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let spec = DockerIntegration.container(project, "chatty", command: ["sh", "-c", "echo ready; sleep 3600"])
        do {
            let id = try await DockerIntegration.start(engine, spec)
            let first = try await DockerIntegration.bounded { () async throws -> String? in
                for try await line in engine.containerLogs(id, options: LogOptions(follow: true)) { return line.text }
                return nil
            }
            #expect(first == "ready")
            let consumer = Task {
                var lines: [String] = []
                for try await line in engine.containerLogs(id, options: LogOptions(follow: true)) { lines.append(line.text) }
                return lines
            }
            try await Task.sleep(nanoseconds: 500_000_000)
            consumer.cancel()
            let lines = try await DockerIntegration.bounded { try await consumer.value }
            #expect(lines.allSatisfy { $0 == "ready" })
            #expect(try await engine.inspectContainer(id).container.state == .running)
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("a wait cancelled by its task ends without waiting for the container")
    func cancelWait() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let spec = DockerIntegration.container(project, "sleeper", command: ["sleep", "3600"])
        do {
            let id = try await DockerIntegration.start(engine, spec)
            let waiting = Task { () async -> EngineError.Code? in
                do {
                    _ = try await engine.waitContainer(id)
                    return nil
                } catch {
                    return (error as? EngineError)?.code
                }
            }
            try await Task.sleep(nanoseconds: 300_000_000)
            waiting.cancel()
            #expect(await waiting.value == .timeout)
            #expect(try await engine.inspectContainer(id).container.state == .running)
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("events show create, start and die of a labelled container")
    func events() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        // `since` a little earlier: the subscription may open after the container was created.
        let since = Date().timeIntervalSince1970 - 1
        let spec = DockerIntegration.container(project, "brief", command: ["true"])
        do {
            let id = try await DockerIntegration.start(engine, spec)
            let seen = try await DockerIntegration.bounded {
                var actions: [EngineEvent.Action] = []
                for try await event in engine.events(project: project, since: since) where event.subject == id {
                    actions.append(event.action)
                    #expect(event.labels[OwnershipLabels.project] == project)
                    #expect(event.time >= since)
                    if event.action == .die { break }
                }
                return actions
            }
            #expect(seen == [.create, .start, .die])
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }
}
