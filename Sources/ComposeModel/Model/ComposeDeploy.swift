/// A service's `deploy` section (compose-go `types.DeployConfig`).
public struct ComposeDeploy: Sendable, Hashable {
    public var mode: String?
    public var replicas: Int?
    public var labels: [String: String] = [:]
    public var updateConfig: UpdateConfig?
    public var rollbackConfig: UpdateConfig?
    public var resources: Resources?
    public var restartPolicy: RestartPolicy?
    public var placement: Placement?
    public var endpointMode: String?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}

    /// How updates (or rollbacks) roll out.
    public struct UpdateConfig: Sendable, Hashable {
        public var parallelism: Int?
        public var delay: ComposeDuration?
        public var failureAction: String?
        public var monitor: ComposeDuration?
        public var maxFailureRatio: Double?
        public var order: String?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// Limits and reservations.
    public struct Resources: Sendable, Hashable {
        public var limits: Resource?
        public var reservations: Resource?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// One set of resource amounts.
    public struct Resource: Sendable, Hashable {
        public var cpus: Double?
        public var memory: ComposeByteSize?
        public var pids: Int?
        public var devices: [ComposeDeviceRequest] = []
        public var genericResources: [GenericResource] = []
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// A user-defined countable resource (`discrete_resource_spec: {kind: ssd, value: 2}`).
    public struct GenericResource: Sendable, Hashable {
        public var discreteResourceSpec: DiscreteResourceSpec?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// The kind and count of a generic resource.
    public struct DiscreteResourceSpec: Sendable, Hashable {
        public var kind: String = ""
        public var value: Int = 0
        public var extensions: [String: ComposeNode] = [:]

        public init(kind: String = "", value: Int = 0) {
            self.kind = kind
            self.value = value
        }
    }

    /// The swarm restart policy (`deploy.restart_policy`).
    public struct RestartPolicy: Sendable, Hashable {
        public var condition: String?
        public var delay: ComposeDuration?
        public var maxAttempts: Int?
        public var window: ComposeDuration?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// Placement constraints and preferences.
    public struct Placement: Sendable, Hashable {
        public var constraints: [String] = []
        public var preferences: [Preference] = []
        public var maxReplicasPerNode: Int?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// A placement preference (`spread: node.labels.az`).
    public struct Preference: Sendable, Hashable {
        public var spread: String?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }
}
