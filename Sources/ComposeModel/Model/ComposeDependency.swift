/// One `depends_on` entry of a service (compose-go `types.ServiceDependency`).
public struct ComposeDependency: Sendable, Hashable {
    public var condition: Condition?
    public var restart: Bool?
    /// Whether a missing dependency is an error; compose-go always prints it.
    public var required: Bool = true
    public var extensions: [String: ComposeNode] = [:]

    public init(condition: Condition? = nil, restart: Bool? = nil, required: Bool = true) {
        self.condition = condition
        self.restart = restart
        self.required = required
    }

    /// What the dependency must reach before the dependent starts (a closed set in the schema).
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        case started = "service_started"
        case healthy = "service_healthy"
        case completedSuccessfully = "service_completed_successfully"
    }
}
