/// What it takes to move a project from its observed state to its desired state: a DAG of single-call
/// operations, each with a cause, plus warnings the user should see. Plans are data: they render as text
/// and JSON and are executed by `PlanExecutor` without further decisions.
public struct Plan: Sendable, Hashable {
    public var project: String
    /// Operations in a valid sequential order; `dependencies` give the DAG for parallel execution.
    public var operations: [PlannedOperation]
    public var warnings: [String]

    public init(project: String, operations: [PlannedOperation], warnings: [String]) {
        self.project = project
        self.operations = operations
        self.warnings = warnings
    }

    /// True when nothing needs to change (warnings do not count).
    public var isConverged: Bool { operations.isEmpty }
}
