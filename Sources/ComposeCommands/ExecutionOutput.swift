import EngineAPI
import Foundation
import Reconciler

/// Where a command's execution reports go: per-operation progress, warnings, build output and the final
/// summary of failures. Progress and warnings go to standard error, as docker compose prints them.
struct ExecutionOutput: Sendable {
    let project: String

    func warning(_ text: String) {
        ErrorOutput.write("WARN[0000] \(text)")
    }

    func notice(_ text: String) {
        ErrorOutput.write(text)
    }

    func begin(_ plan: Plan) {}

    func event(_ event: ExecutionEvent) {
        switch event {
        case .started(let operation):
            ErrorOutput.write(" \(operation.resource) \(operation.operation.kind)")
        case .succeeded(let operation, _):
            ErrorOutput.write(" \(operation.resource) \(operation.operation.kind) done")
        case .failed(let operation, let error):
            ErrorOutput.write(" \(operation.resource) \(operation.operation.kind) failed: \(error)")
        case .skipped:
            break
        }
    }

    func buildOutput(service: String, line: String) {
        ErrorOutput.write("\(service)  | \(line)")
    }

    /// The summary: every failed operation with its reason, and what was skipped because of it.
    func end(_ report: ExecutionReport) {
        for failure in report.failures {
            ErrorOutput.write("Error: \(failure.operation.resource): \(failure.operation.operation.summary): \(failure.error)")
        }
        let skipped = report.skipped.count
        if skipped > 0 {
            ErrorOutput.write("\(skipped) operation\(skipped == 1 ? "" : "s") not run because a dependency failed")
        }
    }
}
