import ComposeTestSupport
import EngineAPI
import Reconciler
import Testing

/// `waitFor` operations: `depends_on` conditions polled through `observe`, with deadlines and messages.
@Suite("PlanExecutor waits")
struct ExecutionWaitTests {
    typealias X = ExecutionFixture

    /// db (with a health check), web waiting for db healthy, two independent workers.
    static func desired() throws -> DesiredProject {
        try DesiredFixture.build(PlannerWithBuilderTests.stack(webEnvironment: "one"))
    }

    static func waitEntry(_ report: ExecutionReport) -> ExecutionReport.Entry? {
        report.entries.first { $0.operation.operation.kind == "waitFor" }
    }

    @Test("web starts once db reports healthy")
    func healthyProceeds() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(try Self.desired(), on: engine)
        let observationsBefore = await engine.calls(of: .observe).count
        let run = Task { await PlanExecutor(engine: engine, options: X.options()).execute(plan) }
        try await X.eventually {
            await engine.snapshot().containers.contains { $0.name == "demo-db-1" && $0.state == .running }
        }
        // The wait has polled at least once (and seen db not healthy) before the health changes.
        try await X.eventually { await engine.calls(of: .observe).count > observationsBefore }
        // web is created once db has started (its create only follows db's start) …
        try await X.eventually {
            await engine.snapshot().containers.contains { $0.name == "demo-web-1" }
        }
        try await Task.sleep(for: .milliseconds(30))
        // … but not started while db is not healthy.
        #expect(await engine.snapshot().containers.first { $0.name == "demo-web-1" }?.state == .created)
        try await engine.setHealth("demo-db-1", .healthy)
        let report = await run.value
        #expect(report.succeeded)
        #expect((Self.waitEntry(report)?.attempts ?? 0) > 1)
        #expect(try await X.plan(try Self.desired(), on: engine).isConverged)
    }

    @Test("db never healthy: the wait fails at its deadline naming the service, state and health; web is skipped")
    func neverHealthy() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(try Self.desired(), on: engine)
        let report = await PlanExecutor(engine: engine, options: X.options(waitTimeout: .milliseconds(200))).execute(plan)
        let wait = try #require(Self.waitEntry(report))
        guard case .failed(let error) = wait.outcome else {
            Issue.record("the wait did not fail: \(wait.outcome)")
            return
        }
        #expect(error.code == .timeout)
        #expect(error.resource == ResourceID(.service, "db"))
        #expect(error.message == "dependency db did not become healthy within 0.2 seconds: demo-db-1 running, health starting")
        #expect(report.skipped.map(\.operation.resource.description) == ["service:web:1"])
        #expect(report.skipped.allSatisfy { $0.after == wait.operation.id })
        #expect(report.entries.filter { $0.operation.resource.name == "worker" }.allSatisfy {
            if case .succeeded = $0.outcome { true } else { false }
        })
        #expect((wait.duration ?? .zero) >= .milliseconds(200))
    }

    @Test("an unhealthy dependency fails the wait at once")
    func unhealthyFailsFast() async throws {
        let engine = await X.engine()
        let plan = try await X.plan(try Self.desired(), on: engine)
        let run = Task { await PlanExecutor(engine: engine, options: X.options(waitTimeout: .seconds(30))).execute(plan) }
        try await X.eventually {
            await engine.snapshot().containers.contains { $0.name == "demo-db-1" && $0.state == .running }
        }
        try await engine.setHealth("demo-db-1", .unhealthy)
        let report = await run.value
        let error = report.failures.first?.error
        #expect(error?.code == .dependencyFailed)
        #expect(error?.message == "dependency db is unhealthy: demo-db-1 running, health unhealthy")
        // A wait that ran to its 30 s deadline would fail with `.timeout`: `.dependencyFailed` is the fast path.
    }

    @Test("service_completed_successfully: exit 0 proceeds, exit 1 fails naming the exit code")
    func completion() async throws {
        for code in [0, 1] {
            let yaml = """
                name: demo
                services:
                  migrate: {image: busybox, restart: "no"}
                  app:
                    image: nginx:1.27
                    depends_on: {migrate: {condition: service_completed_successfully}}
                """
            let engine = await X.engine()
            let plan = try await X.plan(try DesiredFixture.build(yaml), on: engine)
            let run = Task { await PlanExecutor(engine: engine, options: X.options()).execute(plan) }
            try await X.eventually {
                await engine.snapshot().containers.contains { $0.name == "demo-migrate-1" && $0.state == .running }
            }
            try await engine.simulateExit("demo-migrate-1", code: code)
            let report = await run.value
            if code == 0 {
                #expect(report.succeeded)
            } else {
                #expect(report.failures.map(\.error.message)
                    == ["dependency migrate did not complete successfully: demo-migrate-1 exited, exit code 1"])
                #expect(report.skipped.map(\.operation.operation.kind) == ["startContainer"])
            }
        }
    }

    @Test("a dependency that is not required only warns when it never becomes ready")
    func optionalDependency() async throws {
        let engine = await X.engine()
        let yaml = """
            name: demo
            services:
              db: {image: postgres:16, healthcheck: {test: ["CMD", "true"]}}
              web:
                image: nginx:1.27
                depends_on: {db: {condition: service_healthy, required: false}}
            """
        let plan = try await X.plan(try DesiredFixture.build(yaml), on: engine)
        let report = await PlanExecutor(engine: engine, options: X.options(waitTimeout: .milliseconds(50))).execute(plan)
        #expect(report.succeeded)
        #expect(Self.waitEntry(report)?.warning?.hasPrefix("optional service:db: dependency db did not become healthy") == true)
    }
}
