import EngineAPI
import Foundation
import Testing

/// `up`, `plan`, `down` end to end against each enabled engine: convergence, no-op runs, one-service edits, jobs.
@Suite("up/down against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct UpDownTests {
    static func stack(greeting: String = "hello") -> String {
        """
        services:
          db:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            volumes: [data:/data]
          app:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            depends_on: [db]
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            environment:
              GREETING: \(greeting)
            ports: ["127.0.0.1::80"]
            depends_on: [app]
        volumes:
          data: {}
        """
    }

    @Test("up -d converges; a second up makes no mutating call in a constant number of requests; down leaves nothing", arguments: Integration.engines)
    func upNoOpDown(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack())
        defer { project.cleanUpNow() }

        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let containers = try await project.containers()
        #expect(containers.keys.sorted() == ["\(project.name)-app-1", "\(project.name)-db-1", "\(project.name)-web-1"])
        #expect(containers.values.allSatisfy { $0.state == .running })
        let observed = try await project.observe()
        #expect(observed.networks.map(\.name) == ["\(project.name)_default"])
        #expect(observed.volumes.map(\.name) == ["\(project.name)_data"])

        let plan = try project.compose(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")

        if engine == .docker {
            // Docker only: the proxy counts the requests of a run on the Docker API.
            let proxy = try EngineProxy()
            defer { proxy.stop() }
            let again = try project.compose(["up", "-d"], host: proxy.host)
            #expect(again.status == 0, "\(again.stderr)")
            let requests = proxy.requests()
            #expect(requests.filter { !$0.hasPrefix("GET") && !$0.hasPrefix("HEAD") }.isEmpty, "\(requests)")
            #expect(requests.count == 5, "ping and one list each of containers, networks, volumes, images: \(requests)")
        } else {
            let again = try project.compose(["up", "-d"])
            #expect(again.status == 0, "\(again.stderr)")
        }
        let ids = try await project.containers().mapValues(\.id)
        #expect(ids == containers.mapValues(\.id))

        let down = try project.compose(["down"])
        #expect(down.status == 0, "\(down.stderr)")
        let after = try await project.observe()
        #expect(after.containers.isEmpty)
        #expect(after.networks.isEmpty)
        #expect(after.volumes.map(\.name) == ["\(project.name)_data"], "down without -v keeps named volumes")
        let downVolumes = try project.compose(["down", "-v"])
        #expect(downVolumes.status == 0, "\(downVolumes.stderr)")
        #expect(try await project.observe() == ObservedState())
    }

    @Test("a no-op up costs five requests whatever the number of images (Docker only: counted by a Docker API proxy)",
          .enabled(if: Integration.dockerEnabled))
    func constantRequests() async throws {
        let engine = EngineKind.docker
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let tags = (1...3).map { "swctest-images-\(suffix)/img\($0):1" }
        for tag in tags { _ = try LifecycleSupport.docker(["tag", Integration.image, tag]) }
        let project = try await IntegrationProject(engine, "services:\n" + tags.enumerated().map { index, tag in
            "  s\(index):\n    image: \(tag)\n    init: true\n"
        }.joined())
        defer {
            project.cleanUpNow()
            for tag in tags { _ = try? LifecycleSupport.docker(["rmi", tag]) }
        }
        #expect(try project.compose(["up", "-d"]).status == 0)
        let proxy = try EngineProxy()
        defer { proxy.stop() }
        #expect(try project.compose(["up", "-d"], host: proxy.host).status == 0)
        #expect(proxy.requests().count == 5, "\(proxy.requests())")
    }

    @Test("an edit of one service's environment recreates only that service, and plan names the field", arguments: Integration.engines)
    func oneServiceEdit(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack())
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        let before = try await project.containers().mapValues(\.id)

        try project.write(Self.stack(greeting: "changed"))
        let plan = try project.compose(["plan", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("service:web:1"), "\(plan.stdout)")
        #expect(plan.stdout.contains("environment changed"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("service:db:1") && !plan.stdout.contains("service:app:1"), "\(plan.stdout)")

        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let after = try await project.containers()
        #expect(after.count == 3)
        #expect(after["\(project.name)-db-1"]?.id == before["\(project.name)-db-1"])
        #expect(after["\(project.name)-app-1"]?.id == before["\(project.name)-app-1"])
        #expect(after["\(project.name)-web-1"]?.id != before["\(project.name)-web-1"])
        #expect(after["\(project.name)-web-1"]?.state == .running)
        #expect(try project.compose(["plan", "--detailed-exitcode"]).status == 0)
    }

    @Test("a one-shot job that exited 0 is converged: the next up does not run it again", arguments: Integration.engines)
    func jobs(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              migrate:
                image: \(Integration.image)
                command: ["true"]
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                depends_on:
                  migrate:
                    condition: service_completed_successfully
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let first = try await project.containers()
        #expect(first["\(project.name)-migrate-1"]?.state == .exited)
        #expect(first["\(project.name)-migrate-1"]?.exitCode == 0)
        #expect(first["\(project.name)-web-1"]?.state == .running)

        let plan = try project.compose(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)")
        #expect(try project.compose(["up", "-d"]).status == 0)
        #expect(try await project.containers()["\(project.name)-migrate-1"]?.id == first["\(project.name)-migrate-1"]?.id)
    }

    @Test("a failing dependency condition names the dependency and its state; the rest of the stack is not started", arguments: Integration.engines)
    func failedDependency(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              migrate:
                image: \(Integration.image)
                command: ["sh", "-c", "exit 3"]
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                depends_on:
                  migrate:
                    condition: service_completed_successfully
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 1)
        #expect(up.stderr.contains("migrate"), "\(up.stderr)")
        #expect(try await project.containers()["\(project.name)-web-1"]?.state != .running)
    }

    @Test("--dry-run and up --no-start change nothing / create without starting", arguments: Integration.engines)
    func dryRunAndNoStart(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack())
        defer { project.cleanUpNow() }
        let dry = try project.compose(["--dry-run", "up", "-d"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("service:web:1"))
        #expect(try await project.observe() == ObservedState())

        let created = try project.compose(["create"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try await project.containers().values.allSatisfy { $0.state == .created })
        let start = try project.compose(["start"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try await project.containers().values.allSatisfy { $0.state == .running })
    }

    @Test("--scale adds and removes replicas with docker compose's numbering", arguments: Integration.engines)
    func scale(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack())
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d", "--scale", "app=3"]).status == 0)
        var names = try await project.containers().keys.filter { $0.contains("-app-") }.sorted()
        #expect(names == (1...3).map { "\(project.name)-app-\($0)" })
        #expect(try project.compose(["up", "-d", "--scale", "app=1"]).status == 0)
        names = try await project.containers().keys.filter { $0.contains("-app-") }.sorted()
        #expect(names == ["\(project.name)-app-1"])
    }
}
