import ComposeTestSupport
import EngineAPI
import Reconciler
import Testing

/// Helpers for executor tests: engines with the fixture images, plans from the live engine, report lookups.
enum ExecutionFixture {
    static func engine(images: [String] = ["postgres:16", "nginx:1.27", "busybox"]) async -> FakeEngine {
        let engine = FakeEngine()
        for image in images { await engine.addImage(image) }
        return engine
    }

    static func plan(_ desired: DesiredProject, on engine: FakeEngine) async throws -> Plan {
        try PlanFixture.plan(desired, try await engine.observe(project: desired.name))
    }

    /// Options for tests: short polls and backoffs so failure paths take milliseconds; a wait deadline far beyond
    /// any loaded CI machine unless the test is about the deadline itself.
    static func options(parallelism: Int = 4, waitTimeout: Duration = .seconds(120)) -> ExecutorOptions {
        ExecutorOptions(parallelism: parallelism, waitTimeout: waitTimeout, pollInterval: .milliseconds(10),
                        maxAttempts: 3, initialBackoff: .milliseconds(1))
    }

    /// `resource kind: outcome`, one per operation, to pin a whole report in one expectation.
    static func outcomes(_ report: ExecutionReport) -> [String] {
        report.entries.map { entry in
            let outcome: String
            switch entry.outcome {
            case .succeeded: outcome = "succeeded"
            case .failed(let error): outcome = "failed \(error.code)"
            case .skipped(let after): outcome = "skipped after \(after)"
            case .cancelled: outcome = "cancelled"
            }
            return "\(entry.operation.id) \(entry.operation.resource) \(entry.operation.operation.kind): \(outcome)"
        }
    }

    /// Polls until `condition` holds (at most ~60 s), for states reached by a run in progress.
    static func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<6_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition never held")
    }
}
