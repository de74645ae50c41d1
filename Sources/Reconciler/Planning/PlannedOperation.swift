import EngineAPI

/// One node of a plan's DAG: an operation on a resource, why it is needed, and which operations must
/// finish before it starts.
public struct PlannedOperation: Sendable, Hashable {
    /// The operation's index in `Plan.operations`.
    public var id: Int
    public var resource: ResourceID
    public var operation: Operation
    public var cause: Cause
    /// Ids of operations that must complete first; always smaller than `id`, so the list order is a valid
    /// sequential execution order.
    public var dependencies: [Int]

    public init(id: Int, resource: ResourceID, operation: Operation, cause: Cause, dependencies: [Int]) {
        self.id = id
        self.resource = resource
        self.operation = operation
        self.cause = cause
        self.dependencies = dependencies
    }
}
