import EngineAPI
import Reconciler
import Testing

@Suite("Controller: what a watch turn applies of a plan")
struct WatchPlanFilterTests {
    typealias F = PlanFixture

    /// A converged project whose `web` container exited with `code`.
    private func exited(_ restart: RestartPolicy, code: Int, restartCount: Int = 0) throws -> (DesiredProject, ObservedState, Plan) {
        let desired = F.project([F.service("web", restart: restart)])
        var observed = F.converged(desired)
        observed.containers[0].state = .exited
        observed.containers[0].exitCode = code
        observed.containers[0].restartCount = restartCount
        return (desired, observed, try F.plan(desired, observed))
    }

    @Test("a stopped container is restarted only when its restart policy says so (after the first turn)")
    func restartPolicies() throws {
        for (policy, code, restarts) in [(RestartPolicy.always, 0, true), (.always, 1, true), (.no, 1, false),
                                         (.unlessStopped, 1, false), (.onFailure(maxRetries: nil), 1, true),
                                         (.onFailure(maxRetries: nil), 0, false)] {
            let (desired, observed, plan) = try exited(policy, code: code)
            if case .no = policy, code == 0 { continue }
            let result = WatchPlanFilter.filter(plan, desired: desired, observed: observed, backoff: RestartBackoff(),
                                                terminal: [], now: 0, restartPolicies: true)
            let starts = result.plan.operations.contains { if case .startContainer = $0.operation { true } else { false } }
            #expect(starts == restarts, "\(policy) exit \(code)")
            #expect(result.leftStopped.isEmpty == (restarts || plan.operations.isEmpty))
        }
    }

    @Test("on-failure with a retry limit stops restarting once the engine used the retries up")
    func onFailureLimit() throws {
        let (desired, observed, plan) = try exited(.onFailure(maxRetries: 2), code: 1, restartCount: 2)
        let result = WatchPlanFilter.filter(plan, desired: desired, observed: observed, backoff: RestartBackoff(),
                                            terminal: [], now: 0, restartPolicies: true)
        #expect(result.plan.operations.isEmpty)
    }

    @Test("the first turn converges like up: a stopped restart:no container is started")
    func firstTurn() throws {
        let (desired, observed, plan) = try exited(.no, code: 1)
        let result = WatchPlanFilter.filter(plan, desired: desired, observed: observed, backoff: RestartBackoff(),
                                            terminal: [], now: 0, restartPolicies: false)
        #expect(result.plan.operations.count == plan.operations.count)
    }

    @Test("a repair in backoff is held back until its time, with everything that depends on it")
    func heldBack() throws {
        let desired = F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db")])])
        let plan = try F.plan(desired, ObservedState())
        var backoff = RestartBackoff(initial: 4, cap: 60, resetAfter: 100)
        backoff.recordAttempt("service:db:1", now: 10)
        let result = WatchPlanFilter.filter(plan, desired: desired, observed: ObservedState(), backoff: backoff,
                                            terminal: [], now: 11, restartPolicies: true)
        #expect(result.heldBack.map(\.resource.description) == ["service:db:1"])
        #expect(result.heldBack.first?.until == 14)
        #expect(!result.plan.operations.contains { $0.resource.name == "db" })
        // web depends on db: its start waits too; the network is still created.
        #expect(result.plan.operations.contains { if case .createNetwork = $0.operation { true } else { false } })
        #expect(!result.plan.operations.contains { if case .startContainer(let ref) = $0.operation { ref.name == "demo-web-1" } else { false } })
        for operation in result.plan.operations {
            #expect(operation.dependencies.allSatisfy { $0 < operation.id })
        }
    }

    @Test("services a user stopped on purpose are not repaired, restart: always or not; the others are")
    func stoppedByUser() throws {
        let desired = F.project([F.service("db", restart: .always), F.service("web", restart: .always)])
        var observed = F.converged(desired)
        for index in observed.containers.indices {
            observed.containers[index].state = .exited
            observed.containers[index].exitCode = 0
        }
        observed.containers.removeAll { $0.service == "db" }
        let plan = try F.plan(desired, observed)
        let result = WatchPlanFilter.filter(plan, desired: desired, observed: observed, backoff: RestartBackoff(),
                                            terminal: [], now: 0, restartPolicies: true, stoppedByUser: ["db", "web"])
        #expect(result.plan.operations.filter { $0.resource.kind == .service }.isEmpty, "\(result.plan.text())")
        #expect(result.stoppedByUser == ["db", "web"])
        let onlyDB = WatchPlanFilter.filter(plan, desired: desired, observed: observed, backoff: RestartBackoff(),
                                            terminal: [], now: 0, restartPolicies: true, stoppedByUser: ["db"])
        #expect(onlyDB.plan.operations.contains { if case .startContainer(let ref) = $0.operation { ref.name == "demo-web-1" } else { false } })
        #expect(!onlyDB.plan.operations.contains { $0.resource.name == "db" })
        #expect(onlyDB.stoppedByUser == ["db"])
    }

    @Test("a resource whose last error retrying cannot fix is skipped until an edit")
    func terminal() throws {
        let desired = F.project([F.service("web")])
        let plan = try F.plan(desired, ObservedState())
        let result = WatchPlanFilter.filter(plan, desired: desired, observed: ObservedState(), backoff: RestartBackoff(),
                                            terminal: ["service:web:1"], now: 0, restartPolicies: true)
        #expect(result.blocked.map(\.description) == ["service:web:1"])
        #expect(!result.plan.operations.contains { $0.resource.name == "web" })
    }
}
