import EngineAPI
import Foundation
import Testing

/// Crash safety against a real dockerd: `compose` SIGKILLed at each engine call of a recreate, two `up`s at
/// once, the engine socket vanishing mid-run, a foreign container holding a name the project needs.
@Suite("Faults against Docker (SWIFT_COMPOSE_IT=docker)", .serialized, .enabled(if: Integration.dockerEnabled))
struct FaultDockerTests {
    static func stack(_ value: String) -> String {
        """
        services:
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            environment:
              VALUE: "\(value)"
            ports: ["127.0.0.1::80"]
          db:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
        """
    }

    /// The mutating calls of recreating `web`: create the replacement, stop, remove, rename, start.
    static let recreateCalls = 5

    @Test("SIGKILL before or after each engine call of a recreate: the next up converges, canonical names, no leftovers",
          arguments: [EngineProxy.KillMoment.before, .after])
    func killDuringRecreate(moment: EngineProxy.KillMoment) async throws {
        let project = try IntegrationProject(Self.stack("0"))
        defer { Task { await project.cleanUp() } }
        let first = try project.compose(["up", "-d"])
        try #require(first.status == 0, "\(first.stderr)")

        for call in 1...Self.recreateCalls {
            let value = "\(moment.rawValue)-\(call)"
            try project.write(Self.stack(value))
            let proxy = try EngineProxy(killAt: call, when: moment)
            defer { proxy.stop() }
            let run = try project.launch(["up", "-d"], host: proxy.host)
            try String(run.pid).write(toFile: proxy.pidFile, atomically: true, encoding: .utf8)
            let killed = await run.finish(timeout: .seconds(60))
            #expect(killed.status != 0 && proxy.killed, "call \(call) \(moment): not killed (\(killed.status)) \(killed.stderr)")

            let db = try await project.containers()["\(project.name)-db-1"]
            #expect(db?.state == .running, "call \(call): db must be untouched")

            let repair = try project.compose(["up", "-d"])
            #expect(repair.status == 0, "call \(call) \(moment): \(repair.stderr)")
            let containers = try await project.containers()
            #expect(containers.keys.sorted() == ["\(project.name)-db-1", "\(project.name)-web-1"],
                    "call \(call) \(moment): \(containers.keys.sorted())")
            #expect(containers.values.allSatisfy { $0.state == .running })
            let plan = try project.compose(["plan", "--detailed-exitcode"])
            #expect(plan.status == 0, "call \(call) \(moment): \(plan.stdout)")
            let web = try #require(containers["\(project.name)-web-1"])
            let details = try await project.engine.inspectContainer(web.id)
            #expect(details.container.labels[OwnershipLabels.project] == project.name)
            #expect(try await project.observe().networks.count == 1)
        }
    }

    @Test("two concurrent ups of one project: both succeed, one waits for the lock, nothing is duplicated")
    func concurrentUps() async throws {
        let project = try IntegrationProject(Self.stack("x"))
        defer { Task { await project.cleanUp() } }
        let one = try project.launch(["up", "-d"])
        let two = try project.launch(["up", "-d"])
        let first = await one.finish()
        let second = await two.finish()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        let containers = try await project.containers()
        #expect(containers.keys.sorted() == ["\(project.name)-db-1", "\(project.name)-web-1"])
        #expect(try await project.observe().networks.count == 1)
    }

    @Test("the engine socket vanishing mid-run fails clearly and promptly; the next up converges")
    func socketLoss() async throws {
        let project = try IntegrationProject("""
            services:
              slow:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
                healthcheck:
                  test: ["CMD", "sh", "-c", "sleep 30"]
                  interval: 1s
                  timeout: 60s
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
                depends_on:
                  slow:
                    condition: service_healthy
            """)
        defer { Task { await project.cleanUp() } }
        let proxy = try EngineProxy()
        let run = try project.launch(["up", "-d"], host: proxy.host)
        // Wait until the slow service is being waited for, then take the socket away.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline, !proxy.requests().contains(where: { $0.hasPrefix("POST") && $0.contains("/start") }) {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(1))
        proxy.stop()
        let result = await run.finish(timeout: .seconds(90))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the Docker engine"), "\(result.stderr)")

        try project.write("""
            services:
              slow:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
                depends_on: [slow]
            """)
        let repair = try project.compose(["up", "-d"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let containers = try await project.containers()
        #expect(containers.keys.sorted() == ["\(project.name)-slow-1", "\(project.name)-web-1"])
        #expect(containers.values.allSatisfy { $0.state == .running })
    }

    @Test("a foreign container holding a needed name stops the plan before any change")
    func foreignNameHolder() async throws {
        let project = try IntegrationProject(Self.stack("x"))
        defer { Task { await project.cleanUp() } }
        var spec = ContainerSpec(name: "\(project.name)-web-1", image: Integration.image)
        spec.command = ["sleep", "3600"]
        let foreign = try await project.engine.createContainer(spec)
        defer { Task { try? await project.engine.removeContainer(foreign, force: true, removeVolumes: true) } }

        let up = try project.compose(["up", "-d"])
        #expect(up.status == 1)
        #expect(up.stderr.contains("\(project.name)-web-1"), "\(up.stderr)")
        #expect(try await project.observe() == ObservedState(), "nothing may be created")
        let details = try await project.engine.inspectContainer(foreign)
        #expect(details.container.state == .created, "the foreign container is untouched")
    }
}
