import EngineAPI

/// What happened to every operation of an executed plan, in plan order.
public struct ExecutionReport: Sendable {
    /// The result of one operation.
    public enum Outcome: Sendable {
        case succeeded
        case failed(EngineError)
        /// Not run because operation `after` failed (directly or through a dependency).
        case skipped(after: Int)
        /// Not run, or a wait interrupted, because the execution was cancelled.
        case cancelled
    }

    /// One operation's outcome and timings (offsets from the start of the execution).
    public struct Entry: Sendable {
        public var operation: PlannedOperation
        public var outcome: Outcome
        public var startedAt: Duration?
        public var duration: Duration?
        /// Engine calls made (more than one when transient errors were retried).
        public var attempts: Int
        /// A non-fatal problem, e.g. an optional dependency (`required: false`) that never became ready.
        public var warning: String?
    }

    public var entries: [Entry]
    public var duration: Duration
    /// True when the execution was cancelled before every operation ran.
    public var wasCancelled: Bool

    /// True when every operation succeeded.
    public var succeeded: Bool {
        entries.allSatisfy { if case .succeeded = $0.outcome { true } else { false } }
    }

    /// Failed operations with their errors, in plan order.
    public var failures: [(operation: PlannedOperation, error: EngineError)] {
        entries.compactMap { entry in
            if case .failed(let error) = entry.outcome { (entry.operation, error) } else { nil }
        }
    }

    /// Operations that did not run, and the failure they depend on.
    public var skipped: [(operation: PlannedOperation, after: Int)] {
        entries.compactMap { entry in
            if case .skipped(let after) = entry.outcome { (entry.operation, after) } else { nil }
        }
    }

    /// Operations that did not run (or complete) because of cancellation.
    public var notRun: [PlannedOperation] {
        entries.compactMap { entry in
            if case .cancelled = entry.outcome { entry.operation } else { nil }
        }
    }
}
