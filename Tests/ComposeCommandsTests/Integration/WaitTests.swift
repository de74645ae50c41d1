import EngineAPI
import Foundation
import Testing

/// `up --wait` against each enabled engine: healthy, unhealthy, and a timeout.
@Suite("up --wait against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct WaitTests {
    static func service(healthcheck: String) -> String {
        """
        services:
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            healthcheck:
        \(healthcheck)
        """
    }

    @Test("a passing health check: exit 0 with the container healthy", arguments: Integration.engines)
    func healthy(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.service(healthcheck: """
                  test: ["CMD", "true"]
                  interval: 1s
            """))
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--wait"])
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        let web = try await project.containers()["\(project.name)-web-1"]
        #expect(web?.state == .running)
        #expect(web?.health == .healthy)
    }

    @Test("an always failing health check: exit 1 naming the container as unhealthy", arguments: Integration.engines)
    func unhealthy(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.service(healthcheck: """
                  test: ["CMD", "false"]
                  interval: 1s
                  retries: 1
            """))
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--wait"])
        #expect(up.status == 1, "\(up.stdout)\(up.stderr)")
        #expect(up.stderr.contains("container \(project.name)-web-1 is unhealthy"), "\(up.stderr)")
        #expect(try await project.containers()["\(project.name)-web-1"]?.health == .unhealthy)
    }

    @Test("--wait-timeout on a container that never gets healthy: exit 1 mentioning the timeout", arguments: Integration.engines)
    func timeout(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.service(healthcheck: """
                  test: ["CMD", "false"]
                  interval: 1m
                  start_period: 5m
            """))
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--wait", "--wait-timeout", "2"])
        #expect(up.status == 1, "\(up.stdout)\(up.stderr)")
        #expect(up.stderr.contains("timeout waiting for project \(project.name)"), "\(up.stderr)")
        #expect(up.stderr.contains("\(project.name)-web-1 is starting (health: starting)"), "\(up.stderr)")
        #expect(try await project.containers()["\(project.name)-web-1"]?.state == .running,
                "a timeout leaves the stack as it is, like docker compose")
    }

    @Test("--wait on a job that exits 0 and a running service: exit 0", arguments: Integration.engines)
    func job(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              migrate:
                image: \(Integration.image)
                command: ["true"]
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--wait"])
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        #expect(try await project.states() == ["migrate-1": .exited, "web-1": .running])
    }

    @Test("--wait on a service that exits non-zero: exit 1 naming the container and its exit code", arguments: Integration.engines)
    func failedJob(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              broken:
                image: \(Integration.image)
                command: ["sh", "-c", "exit 3"]
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--wait"])
        #expect(up.status == 1, "\(up.stdout)\(up.stderr)")
        #expect(up.stderr.contains("container \(project.name)-broken-1 exited (3)"), "\(up.stderr)")
    }
}
