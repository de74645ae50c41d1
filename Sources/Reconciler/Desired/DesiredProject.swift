import EngineAPI

/// What a project should look like on an engine: every network, volume and container with its full spec,
/// ownership labels and digests. Built from the compose model by `DesiredStateBuilder`; the planner
/// compares it with an `ObservedState`.
public struct DesiredProject: Sendable, Hashable {
    public var name: String
    public var networks: [DesiredNetwork]
    public var volumes: [DesiredVolume]
    /// Services in dependency order (a service comes after everything it depends on).
    public var services: [DesiredService]
    /// What the builder could not map and left out (external secrets, swarm-only options), one sentence
    /// each, naming the service; shown to the user so nothing is dropped silently.
    public var warnings: [String] = []

    public init(name: String, networks: [DesiredNetwork], volumes: [DesiredVolume], services: [DesiredService]) {
        self.name = name
        self.networks = networks
        self.volumes = volumes
        self.services = services
    }
}

public struct DesiredNetwork: Sendable, Hashable {
    /// The key under `networks:` in the compose file (`default`, `backend`).
    public var key: String
    public var spec: NetworkSpec
    /// External networks must exist; they are never created or removed.
    public var external: Bool

    public init(key: String, spec: NetworkSpec, external: Bool) {
        self.key = key
        self.spec = spec
        self.external = external
    }

    public var id: ResourceID { ResourceID(.network, key) }
}

public struct DesiredVolume: Sendable, Hashable {
    public var key: String
    public var spec: VolumeSpec
    public var external: Bool

    public init(key: String, spec: VolumeSpec, external: Bool) {
        self.key = key
        self.spec = spec
        self.external = external
    }

    public var id: ResourceID { ResourceID(.volume, key) }
}

public struct DesiredService: Sendable, Hashable {
    public enum PullPolicy: String, Sendable, Hashable {
        case always
        case never
        case missing
        case build
        case daily
        case weekly
    }

    public var name: String
    public var replicas: Int
    /// The image reference the containers run (the built image's name for services with `build`).
    public var image: String
    public var pullPolicy: PullPolicy
    /// Whether the image comes from a `build:` section.
    public var builds: Bool
    public var dependencies: [DesiredDependency]
    /// One per replica, numbered from 1.
    public var containers: [DesiredContainer]

    public init(name: String, replicas: Int, image: String, pullPolicy: PullPolicy, builds: Bool,
                dependencies: [DesiredDependency], containers: [DesiredContainer]) {
        self.name = name
        self.replicas = replicas
        self.image = image
        self.pullPolicy = pullPolicy
        self.builds = builds
        self.dependencies = dependencies
        self.containers = containers
    }
}

public struct DesiredDependency: Sendable, Hashable {
    public enum Condition: String, Sendable, Hashable {
        case started = "service_started"
        case healthy = "service_healthy"
        case completedSuccessfully = "service_completed_successfully"
    }

    public var service: String
    public var condition: Condition
    public var required: Bool
    /// Restart this service when the dependency is recreated (`depends_on.<x>.restart: true`).
    public var restart: Bool

    public init(service: String, condition: Condition, required: Bool, restart: Bool) {
        self.service = service
        self.condition = condition
        self.required = required
        self.restart = restart
    }
}

public struct DesiredContainer: Sendable, Hashable {
    public var id: ResourceID
    public var number: Int
    /// The full spec, labels included (ownership labels and the digest labels).
    public var spec: ContainerSpec
    public var digests: FieldDigests

    public init(id: ResourceID, number: Int, spec: ContainerSpec, digests: FieldDigests) {
        self.id = id
        self.number = number
        self.spec = spec
        self.digests = digests
    }
}

/// Digests of a container spec by field group (`image`, `command`, `environment`, `ports`, `mounts`, …),
/// so a plan can name what changed. `combined` goes into the config-hash label.
public struct FieldDigests: Sendable, Hashable {
    /// Bumped only when the digest inputs change meaning; containers labelled with an older version are
    /// compared group by group where the groups still exist, never recreated for the version alone.
    public static let algorithmVersion = 1

    public var version: Int
    public var groups: [String: String]
    public var combined: String

    public init(version: Int = FieldDigests.algorithmVersion, groups: [String: String], combined: String) {
        self.version = version
        self.groups = groups
        self.combined = combined
    }

    /// `image=ab12cd34,environment=…` (sorted), the value of the field-digests label.
    public var labelValue: String {
        groups.keys.sorted().map { "\($0)=\(groups[$0] ?? "")" }.joined(separator: ",")
    }

    /// Parses a field-digests label; nil when malformed.
    public init?(labelValue: String, version: Int, combined: String) {
        var groups: [String: String] = [:]
        for part in labelValue.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2 else { return nil }
            groups[String(pieces[0])] = String(pieces[1])
        }
        self.init(version: version, groups: groups, combined: combined)
    }
}
