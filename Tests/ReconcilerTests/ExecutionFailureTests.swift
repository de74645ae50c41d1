import ComposeTestSupport
import EngineAPI
import Reconciler
import Testing

/// Failures, retries, the parallelism bound and cancellation.
@Suite("PlanExecutor failures and limits")
struct ExecutionFailureTests {
    typealias F = PlanFixture
    typealias X = ExecutionFixture

    /// db, web (depends on db) and an independent worker.
    static func threeServices() -> DesiredProject {
        F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db")]), F.service("worker")])
    }

    @Test("a failing create skips its dependents, transitively, and independent services still run")
    func failureSkipsDependents() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(Self.threeServices(), on: engine)
        await engine.fail(with: EngineError(.conflict, "name in use")) {
            $0.kind == .createContainer && $0.subject == "demo-db-1"
        }
        let log = EventLog()
        let report = await PlanExecutor(engine: engine, options: X.options()) { log.append($0) }.execute(plan)
        #expect(X.outcomes(report) == [
            "0 network:default createNetwork: succeeded",
            "1 service:db:1 createContainer: failed conflict",
            "2 service:db:1 startContainer: skipped after 1",
            "3 service:web:1 createContainer: skipped after 1",
            "4 service:web:1 startContainer: skipped after 1",
            "5 service:worker:1 createContainer: succeeded",
            "6 service:worker:1 startContainer: succeeded",
        ])
        #expect(!report.succeeded)
        #expect(report.failures.map(\.operation.id) == [1])
        #expect(report.failures.first?.error.message == "name in use")
        #expect(report.skipped.map(\.operation.id) == [2, 3, 4])
        #expect(log.lines.contains("skipped 4 after 1"))
        #expect(await engine.snapshot().containers.map(\.name) == ["demo-worker-1"])
    }

    @Test("transient errors are retried with backoff; persistent ones fail after the bounded attempts")
    func retries() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(F.project([F.service("web")]), on: engine)
        await engine.failNext(.createContainer, with: EngineError(.unavailable, "connection reset"))
        await engine.fail(with: EngineError(.timeout, "slow"), times: 5) { $0.kind == .startContainer }
        let report = await PlanExecutor(engine: engine, options: X.options()).execute(plan)
        #expect(report.entries.map(\.attempts) == [1, 2, 3])
        #expect(X.outcomes(report).last == "2 service:web:1 startContainer: failed timeout")
        #expect(await engine.calls(of: .createContainer).count == 2)

        // A non-transient error is not retried.
        let other = await X.engine()
        await other.failNext(.createNetwork, with: EngineError(.invalidArgument, "bad subnet"))
        let failed = await PlanExecutor(engine: other, options: X.options()).execute(plan)
        #expect(failed.entries.map(\.attempts) == [1, 0, 0])
        #expect(failed.skipped.map(\.after) == [0, 0])
    }

    @Test("a hung engine call is cancelled at the call timeout and retried")
    func callTimeout() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(F.project([F.service("web")]), on: engine)
        await engine.hangNext(.startContainer)
        var options = X.options()
        options.callTimeout = .milliseconds(50)
        let report = await PlanExecutor(engine: engine, options: options).execute(plan)
        #expect(report.succeeded)
        #expect(report.entries.map(\.attempts) == [1, 1, 2])
        #expect(await engine.hangingCallCount == 0)

        // A call that hangs every time fails after the bounded attempts, naming the call and the limit.
        options.maxAttempts = 2
        let stuck = await X.engine()
        await stuck.hang { $0.kind == .createNetwork }
        let failed = await PlanExecutor(engine: stuck, options: options).execute(plan)
        #expect(failed.failures.map(\.error.message) == ["createNetwork did not finish within 0.05 seconds"])
        #expect(failed.entries.map(\.attempts) == [2, 0, 0])
    }

    @Test("no more engine calls are in flight than the parallelism allows", arguments: [1, 2, 3])
    func parallelismBound(limit: Int) async throws {
        let engine = await X.engine()
        let desired = F.project((1...6).map { F.service("s\($0)") })
        let plan = try await X.plan(desired, on: engine)
        await engine.hang { $0.kind == .createContainer }
        let executor = PlanExecutor(engine: engine, options: X.options(parallelism: limit))
        let run = Task { await executor.execute(plan) }
        await engine.waitForHangingCalls(limit)
        // Give the scheduler time to overshoot if it were going to.
        try await Task.sleep(for: .milliseconds(50))
        #expect(await engine.hangingCallCount == limit)
        #expect(await engine.calls(of: .createContainer).count == limit)
        await engine.clearFaults()
        await engine.releaseHangingCalls()
        let report = await run.value
        #expect(report.succeeded)
        #expect(await engine.calls(of: .startContainer).count == 6)
    }

    @Test("cancelled mid-run: the call in flight completes, nothing new starts, the report lists what did not run")
    func cancellation() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(Self.threeServices(), on: engine)
        await engine.hangNext(.createContainer)
        let executor = PlanExecutor(engine: engine, options: X.options(parallelism: 1))
        let run = Task { await executor.execute(plan) }
        await engine.waitForHangingCalls(1)
        run.cancel()
        try await Task.sleep(for: .milliseconds(20))
        await engine.releaseHangingCalls()
        let report = await run.value
        #expect(report.wasCancelled)
        #expect(X.outcomes(report) == [
            "0 network:default createNetwork: succeeded",
            "1 service:db:1 createContainer: succeeded",
            "2 service:db:1 startContainer: cancelled",
            "3 service:web:1 createContainer: cancelled",
            "4 service:web:1 startContainer: cancelled",
            "5 service:worker:1 createContainer: cancelled",
            "6 service:worker:1 startContainer: cancelled",
        ])
        #expect(report.notRun.map(\.id) == [2, 3, 4, 5, 6])
        #expect(await engine.mutatingCalls.map(\.description) == ["createNetwork demo_default", "createContainer demo-db-1"])
    }

    @Test("a build without an image builder fails as unsupported; with one, the builder is called")
    func build() async throws {
        var setup = F.ServiceSetup(name: "app")
        setup.builds = true
        setup.image = "demo-app"
        let desired = F.project([F.service(setup)])
        let engine = await X.engine()
        var planOptions = PlanOptions()
        planOptions.build = true
        let plan = try F.plan(desired, try await engine.observe(project: "demo"), planOptions)
        #expect(plan.operations.first?.operation == .buildImage(service: "app", image: "demo-app"))
        let unsupported = await PlanExecutor(engine: engine, options: X.options()).execute(plan)
        #expect(unsupported.failures.first?.error.code == .unsupported)

        var options = X.options()
        let fresh = await X.engine()
        options.imageBuilder = { _, image in await fresh.addImage(image) }
        let built = await PlanExecutor(engine: fresh, options: options).execute(plan)
        #expect(built.succeeded)
    }
}
