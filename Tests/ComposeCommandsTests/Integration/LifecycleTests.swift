import EngineAPI
import Foundation
import Testing

/// `stop`, `start`, `restart`, `kill`, `pause`, `unpause`, `rm` against each enabled engine: exactly the expected
/// containers change state, SERVICE arguments restrict them, dependents stop first.
@Suite("lifecycle commands against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct LifecycleTests {
    /// web → app → db, every one stopping at once on SIGTERM; app has an anonymous volume.
    static let stack = """
        services:
          db:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
          app:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            volumes: ["/scratch"]
            depends_on: [db]
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            depends_on: [app]
        """

    static let allRunning: [String: ObservedContainer.State] = ["app-1": .running, "db-1": .running, "web-1": .running]

    static func started(_ engine: EngineKind) async throws -> IntegrationProject {
        let project = try await IntegrationProject(engine, stack)
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(try await project.states() == allRunning)
        return project
    }

    /// The position in `text` of the first line containing both `container` and `status`.
    static func position(_ text: String, _ container: String, _ status: String) -> Int? {
        text.split(separator: "\n").firstIndex { $0.contains(container) && $0.contains(status) }
    }

    @Test("stop SERVICE stops only it; stop stops the rest dependents first; start starts them again", arguments: Integration.engines)
    func stopStart(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let ids = try await project.containers().mapValues(\.id)

        let one = try project.compose(["stop", "web"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try await project.states() == ["app-1": .running, "db-1": .running, "web-1": .exited])

        let all = try project.compose(["stop"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try await project.states() == ["app-1": .exited, "db-1": .exited, "web-1": .exited])
        let appStopped = Self.position(all.stderr, "\(project.name)-app-1", "Stopped")
        let dbStopping = Self.position(all.stderr, "\(project.name)-db-1", "Stopping")
        #expect((appStopped ?? .max) < (dbStopping ?? -1), "app is stopped before db: \(all.stderr)")
        #expect(Self.position(all.stderr, "\(project.name)-web-1", "Stopping") == nil,
                "an exited container is not stopped again: \(all.stderr)")

        let start = try project.compose(["start", "db"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try await project.states() == ["app-1": .exited, "db-1": .running, "web-1": .exited])
        let rest = try project.compose(["start"])
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(try await project.states() == Self.allRunning)
        #expect(try await project.containers().mapValues(\.id) == ids, "start keeps the containers")
    }

    @Test("restart SERVICE restarts only that container, keeping it", arguments: Integration.engines)
    func restart(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let ids = try await project.containers().mapValues(\.id)
        func startedAt(_ service: String) async throws -> String? {
            guard let id = ids["\(project.name)-\(service)-1"] else { return nil }
            return try await project.engine.inspectContainer(id).startedAt
        }
        let before = try await ["app": startedAt("app"), "db": startedAt("db"), "web": startedAt("web")]
        let restart = try project.compose(["restart", "app"])
        #expect(restart.status == 0, "\(restart.stderr)")
        #expect(try await project.states() == Self.allRunning)
        #expect(try await project.containers().mapValues(\.id) == ids)
        #expect(try await startedAt("app") != before["app"])
        #expect(try await startedAt("db") == before["db"])
        #expect(try await startedAt("web") == before["web"])
    }

    @Test("kill -s SIGKILL SERVICE kills only it (exit 137)", arguments: Integration.engines)
    func kill(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let kill = try project.compose(["kill", "-s", "SIGKILL", "web"])
        #expect(kill.status == 0, "\(kill.stderr)")
        let web = try await project.containers()["\(project.name)-web-1"]
        #expect(web?.state == .exited)
        #expect(web?.exitCode == 137)
        #expect(try await project.states() == ["app-1": .running, "db-1": .running, "web-1": .exited])
        let all = try project.compose(["kill"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try await project.states() == ["app-1": .exited, "db-1": .exited, "web-1": .exited])
    }

    @Test("pause and unpause: only the named service, then all", arguments: Integration.engines)
    func pause(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["pause", "app"]).status == 0)
        #expect(try await project.states() == ["app-1": .paused, "db-1": .running, "web-1": .running])
        #expect(try project.compose(["pause"]).status == 0)
        #expect(try await project.states() == ["app-1": .paused, "db-1": .paused, "web-1": .paused])
        #expect(try project.compose(["unpause", "db"]).status == 0)
        #expect(try await project.states() == ["app-1": .paused, "db-1": .running, "web-1": .paused])
        #expect(try project.compose(["unpause"]).status == 0)
        #expect(try await project.states() == Self.allRunning)
    }

    @Test("rm -f removes only stopped containers; rm -s -f -v stops and removes with the anonymous volume", arguments: Integration.engines)
    func remove(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let nothing = try project.compose(["rm", "-f"])
        #expect(nothing.status == 0, "\(nothing.stderr)")
        #expect(nothing.stderr.contains("No stopped containers"), "\(nothing.stderr)")
        #expect(try await project.states() == Self.allRunning)

        #expect(try project.compose(["stop", "web"]).status == 0)
        let rm = try project.compose(["rm", "-f"])
        #expect(rm.status == 0, "\(rm.stderr)")
        #expect(try await project.states() == ["app-1": .running, "db-1": .running])

        let volume = try await project.anonymousVolume(of: "\(project.name)-app-1")
        #expect(!volume.isEmpty)
        #expect(try await project.engine.inspectVolume(volume) != nil)
        let rmApp = try project.compose(["rm", "-s", "-f", "-v", "app"])
        #expect(rmApp.status == 0, "\(rmApp.stderr)")
        #expect(try await project.states() == ["db-1": .running])
        #expect(try await project.engine.inspectVolume(volume) == nil, "the anonymous volume is gone")
    }

    @Test("rm without -f and without a terminal refuses and removes nothing", arguments: Integration.engines)
    func removeUnconfirmed(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["stop", "web"]).status == 0)
        let rm = try project.compose(["rm"])
        #expect(rm.status == 1, "\(rm.stderr)")
        #expect(rm.stderr.contains("-f"), "\(rm.stderr)")
        #expect(try await project.states() == ["app-1": .running, "db-1": .running, "web-1": .exited])
    }

    @Test("an unknown service name fails with no such service and changes nothing", arguments: Integration.engines, ["stop", "start", "restart", "kill", "pause", "unpause", "rm"])
    func unknownService(engine: EngineKind, command: String) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let result = try project.compose([command, "nope"])
        #expect(result.status == 1, "\(command): \(result.stderr)")
        #expect(result.stderr.contains("no such service: nope"), "\(command): \(result.stderr)")
        #expect(try await project.states() == Self.allRunning)
    }

    @Test("--dry-run stop prints the plan and changes nothing", arguments: Integration.engines)
    func dryRunStop(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let dry = try project.compose(["--dry-run", "stop"])
        #expect(dry.status == 0, "\(dry.stderr)")
        for service in ["db", "app", "web"] {
            #expect(dry.stdout.contains("service:\(service):1"), "\(dry.stdout)")
        }
        #expect(try await project.states() == Self.allRunning)
    }
}
