import Foundation
import Reconciler

/// Collects progress events from the executor's tasks.
final class EventLog: @unchecked Sendable {
    // Guarded by `lock`; events arrive from the executor's child tasks.
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ event: ExecutionEvent) {
        let line: String
        switch event {
        case .started(let operation): line = "started \(operation.id)"
        case .succeeded(let operation, _): line = "succeeded \(operation.id)"
        case .failed(let operation, let error): line = "failed \(operation.id) \(error.code)"
        case .skipped(let operation, let after): line = "skipped \(operation.id) after \(after)"
        }
        lock.withLock { storage.append(line) }
    }

    var lines: [String] { lock.withLock { storage } }
}
