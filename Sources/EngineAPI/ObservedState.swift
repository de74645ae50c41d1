/// What an engine reports about a project's resources: one observation, taken with as few calls as the
/// engine allows (for Docker: one label-filtered list each of containers, networks and volumes).
public struct ObservedState: Sendable, Hashable {
    public var containers: [ObservedContainer]
    public var networks: [ObservedNetwork]
    public var volumes: [ObservedVolume]

    public init(containers: [ObservedContainer] = [], networks: [ObservedNetwork] = [], volumes: [ObservedVolume] = []) {
        self.containers = containers
        self.networks = networks
        self.volumes = volumes
    }
}

public struct ObservedContainer: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case created
        case running
        case paused
        case restarting
        case removing
        case exited
        case dead
    }

    public enum Health: String, Sendable, Hashable {
        case none
        case starting
        case healthy
        case unhealthy
    }

    public var id: String
    public var name: String
    /// The image as the container was created with (a reference or an id).
    public var image: String
    /// The image id (`sha256:…`) the container runs.
    public var imageID: String?
    public var labels: [String: String]
    public var state: State
    public var health: Health
    public var exitCode: Int?
    public var restartCount: Int
    /// Engine-side names of the networks the container is attached to.
    public var networks: [String]
    /// Seconds since 1970 when created, for ordering replicas like docker compose.
    public var created: Double
    /// The command line as the engine shows it (`"/docker-entrypoint.sh nginx"`), for `ps`.
    public var command: String
    /// The engine's human status (`Up 3 minutes (healthy)`, `Exited (0) 2 seconds ago`), for `ps`.
    public var status: String
    /// Published ports as the engine bound them.
    public var ports: [ObservedPort]

    public init(id: String, name: String, image: String, imageID: String? = nil, labels: [String: String],
                state: State, health: Health = .none, exitCode: Int? = nil, restartCount: Int = 0,
                networks: [String] = [], created: Double = 0, command: String = "", status: String = "",
                ports: [ObservedPort] = []) {
        self.id = id
        self.name = name
        self.image = image
        self.imageID = imageID
        self.labels = labels
        self.state = state
        self.health = health
        self.exitCode = exitCode
        self.restartCount = restartCount
        self.networks = networks
        self.created = created
        self.command = command
        self.status = status
        self.ports = ports
    }

    public var project: String? { labels[OwnershipLabels.project] }
    public var service: String? { labels[OwnershipLabels.service] }
    public var number: Int? { labels[OwnershipLabels.containerNumber].flatMap { Int($0) } }
    public var isOneOff: Bool { labels[OwnershipLabels.oneoff]?.lowercased() == "true" }
    /// The name without the leading `/` the Docker API may report.
    public var plainName: String { name.hasPrefix("/") ? String(name.dropFirst()) : name }
}

public struct ObservedNetwork: Sendable, Hashable {
    public var id: String
    public var name: String
    public var driver: String
    public var labels: [String: String]
    public var isInternal: Bool
    public var enableIPv6: Bool
    public var subnets: [String]
    /// Ids of the containers attached.
    public var containers: [String]

    public init(id: String, name: String, driver: String, labels: [String: String], isInternal: Bool = false,
                enableIPv6: Bool = false, subnets: [String] = [], containers: [String] = []) {
        self.id = id
        self.name = name
        self.driver = driver
        self.labels = labels
        self.isInternal = isInternal
        self.enableIPv6 = enableIPv6
        self.subnets = subnets
        self.containers = containers
    }
}

public struct ObservedVolume: Sendable, Hashable {
    public var name: String
    public var driver: String
    public var labels: [String: String]

    public init(name: String, driver: String, labels: [String: String]) {
        self.name = name
        self.driver = driver
        self.labels = labels
    }
}

/// A container port and, when published, the host address it is bound to.
public struct ObservedPort: Sendable, Hashable {
    public var containerPort: Int
    public var portProtocol: PortBinding.PortProtocol
    /// nil when the port is only exposed.
    public var hostIP: String?
    public var hostPort: Int?

    public init(containerPort: Int, portProtocol: PortBinding.PortProtocol = .tcp, hostIP: String? = nil, hostPort: Int? = nil) {
        self.containerPort = containerPort
        self.portProtocol = portProtocol
        self.hostIP = hostIP
        self.hostPort = hostPort
    }
}
