import ComposeTestSupport
import EngineAPI
import Reconciler
import Testing

/// Plans executed by `PlanExecutor` on the FakeEngine converge: the next plan is empty and runs no call.
@Suite("PlanExecutor convergence")
struct ExecutionConvergenceTests {
    typealias X = ExecutionFixture

    @Test("a fresh stack, then an environment change: each run converges and a second run mutates nothing")
    func lifecycle() async throws {
        let engine = await X.engine()
        let executor = PlanExecutor(engine: engine, options: X.options())
        let first = try DesiredFixture.build(PlanFakeEngineTests.stack.replacingOccurrences(of: "MODE_VALUE", with: "one"))
        let fresh = try await X.plan(first, on: engine)
        let report = await executor.execute(fresh)
        #expect(report.succeeded)
        #expect(report.entries.count == 10)
        #expect(!report.wasCancelled)
        #expect(report.entries.allSatisfy { $0.attempts == 1 && $0.startedAt != nil && $0.duration != nil })
        try await engine.simulateExit("demo-job-1", code: 0)

        let again = try await X.plan(first, on: engine)
        #expect(again.isConverged)
        await engine.resetCalls()
        let empty = await executor.execute(again)
        #expect(empty.entries.isEmpty && empty.succeeded)
        #expect(await engine.mutatingCalls.isEmpty)

        let second = try DesiredFixture.build(PlanFakeEngineTests.stack.replacingOccurrences(of: "MODE_VALUE", with: "two"))
        let change = try await X.plan(second, on: engine)
        await engine.resetCalls()
        #expect(await executor.execute(change).succeeded)
        // The replacements were created by this run: renames and starts address them by the id the create
        // returned, not by a name that another container held moments before.
        let created = await engine.calls(of: .createContainer).count
        let addressed = await engine.calls(of: .renameContainer) + engine.calls(of: .startContainer)
        #expect(created == 2)
        #expect(addressed.count == 4)
        #expect(addressed.allSatisfy { $0.subject?.hasPrefix("demo-") == false })
        #expect(try await X.plan(second, on: engine).isConverged)
    }

    @Test("progress reports every operation started then succeeded, in dependency order")
    func progressEvents() async throws {
        let engine = await X.engine()
        let desired = PlanFixture.project([PlanFixture.service("web")])
        let plan = try await X.plan(desired, on: engine)
        let log = EventLog()
        let executor = PlanExecutor(engine: engine, options: X.options()) { event in log.append(event) }
        #expect(await executor.execute(plan).succeeded)
        #expect(log.lines == ["started 0", "succeeded 0", "started 1", "succeeded 1", "started 2", "succeeded 2"])
    }
}
