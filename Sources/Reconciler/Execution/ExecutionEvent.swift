import EngineAPI

/// Progress of one operation, reported as it happens (the CLI renders these per resource).
public enum ExecutionEvent: Sendable {
    case started(PlannedOperation)
    case succeeded(PlannedOperation, duration: Duration)
    case failed(PlannedOperation, EngineError)
    /// Not run because operation `after` (a dependency, possibly indirect) failed.
    case skipped(PlannedOperation, after: Int)
}
