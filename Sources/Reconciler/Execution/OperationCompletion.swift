import EngineAPI

/// What a finished operation reports back to the scheduler.
struct OperationCompletion: Sendable {
    enum Result: Sendable {
        /// `createdID`: the id of a container the operation created.
        case succeeded(createdID: String?)
        case failed(EngineError)
        case cancelled
    }

    var id: Int
    var result: Result
    var attempts: Int
    var duration: Duration = .zero
    var warning: String?
}
