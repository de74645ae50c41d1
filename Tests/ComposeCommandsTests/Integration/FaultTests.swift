import EngineAPI
import Foundation
import Testing

/// Crash safety: `compose` SIGKILLed at each engine call of a recreate (Docker) or at a random moment (each
/// engine), two `up`s at once, the engine socket vanishing mid-run, a foreign container holding a name the project needs.
@Suite("Faults against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct FaultTests {
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

    @Test("SIGKILL before or after each engine call of a recreate: the next up converges, canonical names, no leftovers (Docker only: the calls are counted by a Docker API proxy)",
          .enabled(if: Integration.dockerEnabled), arguments: [EngineProxy.KillMoment.before, .after])
    func killDuringRecreate(moment: EngineProxy.KillMoment) async throws {
        let engine = EngineKind.docker
        let project = try await IntegrationProject(engine, Self.stack("0"))
        defer { project.cleanUpNow() }
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
            // After the last call nothing is left to do: compose may exit within the proxy's kill delay.
            let finishedFirst = call == Self.recreateCalls && moment == .after && killed.status == 0
            #expect(finishedFirst || (killed.status != 0 && proxy.killed),
                    "call \(call) \(moment): not killed (\(killed.status)) \(killed.stderr)")

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

    @Test("SIGKILL of a recreating up at a random moment, five times: the next up converges, canonical names, one network",
          arguments: Integration.engines)
    func killAtRandomMoment(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack("0"))
        defer { project.cleanUpNow() }
        let first = try project.compose(["up", "-d"])
        try #require(first.status == 0, "\(first.stderr)")
        var generator = SystemRandomNumberGenerator()
        for round in 1...5 {
            try project.write(Self.stack("random-\(round)"))
            let run = try project.launch(["up", "-d"])
            let delay = Int.random(in: 50...2_500, using: &generator)
            try await Task.sleep(for: .milliseconds(delay))
            run.signal(SIGKILL)
            let killed = await run.finish(timeout: .seconds(60))

            let repair = try project.compose(["up", "-d"])
            #expect(repair.status == 0, "round \(round), killed after \(delay) ms (\(killed.status)): \(repair.stderr)")
            let containers = try await project.containers()
            #expect(containers.keys.sorted() == ["\(project.name)-db-1", "\(project.name)-web-1"],
                    "round \(round), killed after \(delay) ms: \(containers.keys.sorted())")
            #expect(containers.values.allSatisfy { $0.state == .running }, "round \(round): \(containers.mapValues(\.state))")
            let plan = try project.compose(["plan", "--detailed-exitcode"])
            #expect(plan.status == 0, "round \(round), killed after \(delay) ms: \(plan.stdout)")
            #expect(try await project.observe().networks.count == 1)
        }
    }

    @Test("two concurrent ups of one project: both succeed, one waits for the lock, nothing is duplicated", arguments: Integration.engines)
    func concurrentUps(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack("x"))
        defer { project.cleanUpNow() }
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

    @Test("the engine socket vanishing mid-run fails clearly and promptly; the next up converges (Docker only: the socket is a Docker API proxy)",
          .enabled(if: Integration.dockerEnabled))
    func socketLoss() async throws {
        let engine = EngineKind.docker
        let project = try await IntegrationProject(engine, """
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
        defer { project.cleanUpNow() }
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

    @Test("a foreign container holding a needed name stops the plan before any change", arguments: Integration.engines)
    func foreignNameHolder(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack("x"))
        defer { project.cleanUpNow() }
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
        try await project.engine.removeContainer(foreign, force: true, removeVolumes: true)
    }
}
