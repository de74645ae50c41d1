/// Everything an engine needs to create one container, in engine-neutral terms (no compose file concepts).
///
/// The reconciler builds these from the compose model; engines map them to their own API. Field groups
/// are digested separately so a plan can say which part of a container changed.
public struct ContainerSpec: Sendable, Hashable, Codable {
    public var name: String
    public var image: String
    public var command: [String]?
    public var entrypoint: [String]?
    /// Ordered `KEY=value` pairs; nil values are variables set without a value.
    public var environment: [EnvironmentVariable] = []
    public var labels: [String: String] = [:]
    public var user: String?
    public var workingDir: String?
    public var hostname: String?
    public var domainname: String?
    public var tty = false
    public var stdinOpen = false
    public var ports: [PortBinding] = []
    public var exposedPorts: [String] = []
    public var mounts: [MountSpec] = []
    /// Containers whose volumes this one mounts too (`name[:ro|:rw]`).
    public var volumesFrom: [String] = []
    /// Files copied into the container after create and before start (secrets and configs with inline
    /// content, or with an owner or mode a bind mount cannot give).
    public var injectedFiles: [InjectedFile] = []
    public var networks: [NetworkAttachment] = []
    /// `host`, `none`, `container:<id>`, or nil for the attachments in `networks`.
    public var networkMode: String?
    public var pidMode: String?
    public var ipcMode: String?
    public var restartPolicy = RestartPolicy.no
    public var healthcheck: HealthcheckSpec?
    public var logging: LoggingSpec?
    public var stopSignal: String?
    /// Seconds the engine waits after the stop signal before killing.
    public var stopTimeout: Int?
    public var initProcess: Bool?
    public var readOnlyRootFilesystem = false
    public var privileged = false
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var securityOptions: [String] = []
    public var devices: [DeviceMapping] = []
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    /// `host:ip` entries for /etc/hosts.
    public var extraHosts: [String] = []
    public var sysctls: [String: String] = [:]
    public var ulimits: [Ulimit] = []
    public var resources = ResourceLimits()
    public var tmpfs: [String: String] = [:]
    public var groupAdd: [String] = []
    public var macAddress: String?
    public var platform: String?
    public var runtime: String?

    public init(name: String, image: String) {
        self.name = name
        self.image = image
    }
}

public struct EnvironmentVariable: Sendable, Hashable, Codable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }
}

/// One published port: container port (or range start) to host IP and port.
public struct PortBinding: Sendable, Hashable, Codable {
    public enum PortProtocol: String, Sendable, Hashable, Codable {
        case tcp
        case udp
        case sctp
    }

    public var containerPort: Int
    public var portProtocol: PortProtocol
    public var hostIP: String?
    /// Host port as text (`8080`, a range `8080-8081`), nil for an ephemeral port.
    public var hostPort: String?

    public init(containerPort: Int, portProtocol: PortProtocol = .tcp, hostIP: String? = nil, hostPort: String? = nil) {
        self.containerPort = containerPort
        self.portProtocol = portProtocol
        self.hostIP = hostIP
        self.hostPort = hostPort
    }
}

public struct MountSpec: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case bind
        case volume
        case tmpfs
        case image
        case npipe
        case cluster
    }

    public var kind: Kind
    /// Host path (bind), volume name (volume; nil for an anonymous volume), image (image).
    public var source: String?
    public var target: String
    public var readOnly = false
    public var consistency: String?
    public var bindPropagation: String?
    public var bindCreateHostPath = true
    public var selinux: String?
    public var volumeNoCopy = false
    public var volumeSubpath: String?
    public var tmpfsSize: Int64?
    public var tmpfsMode: UInt32?

    public init(kind: Kind, source: String?, target: String, readOnly: Bool = false) {
        self.kind = kind
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}

public struct NetworkAttachment: Sendable, Hashable, Codable {
    /// The engine-side network name (`<project>_default`).
    public var network: String
    public var aliases: [String] = []
    public var ipv4Address: String?
    public var ipv6Address: String?
    public var linkLocalIPs: [String] = []
    public var macAddress: String?
    public var priority = 0
    /// The engine's gateway priority of this endpoint (highest gives the default route).
    public var gatewayPriority = 0
    public var driverOptions: [String: String] = [:]
    /// Legacy links (`service:alias`), resolved by the engine's DNS.
    public var links: [String] = []

    public init(network: String) {
        self.network = network
    }
}

/// A file written into a container before it starts, with its owner and mode.
public struct InjectedFile: Sendable, Hashable, Codable {
    public enum Source: Sendable, Hashable, Codable {
        /// The file's text is given (inline `content`, or an environment variable's value).
        case content(String)
        /// The file is copied from the host path at create time.
        case hostFile(String)
    }

    /// Absolute path inside the container.
    public var target: String
    public var source: Source
    /// Numeric or named owner; nil keeps the default (root).
    public var uid: String?
    public var gid: String?
    public var mode: UInt32

    public init(target: String, source: Source, uid: String? = nil, gid: String? = nil, mode: UInt32 = 0o444) {
        self.target = target
        self.source = source
        self.uid = uid
        self.gid = gid
        self.mode = mode
    }
}

public enum RestartPolicy: Sendable, Hashable, Codable {
    case no
    case always
    case unlessStopped
    case onFailure(maxRetries: Int?)
}

public struct HealthcheckSpec: Sendable, Hashable, Codable {
    /// `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    public var test: [String]
    public var intervalNanoseconds: Int64?
    public var timeoutNanoseconds: Int64?
    public var startPeriodNanoseconds: Int64?
    public var startIntervalNanoseconds: Int64?
    public var retries: Int?

    public init(test: [String]) {
        self.test = test
    }
}

public struct LoggingSpec: Sendable, Hashable, Codable {
    public var driver: String
    public var options: [String: String]

    public init(driver: String, options: [String: String] = [:]) {
        self.driver = driver
        self.options = options
    }
}

public struct DeviceMapping: Sendable, Hashable, Codable {
    public var hostPath: String
    public var containerPath: String
    public var permissions: String

    public init(hostPath: String, containerPath: String, permissions: String = "rwm") {
        self.hostPath = hostPath
        self.containerPath = containerPath
        self.permissions = permissions
    }
}

public struct Ulimit: Sendable, Hashable, Codable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }
}

public struct ResourceLimits: Sendable, Hashable, Codable {
    public var memoryBytes: Int64?
    public var memoryReservationBytes: Int64?
    public var memorySwapBytes: Int64?
    public var nanoCPUs: Int64?
    public var cpuShares: Int64?
    public var cpuset: String?
    public var pidsLimit: Int64?
    public var shmSizeBytes: Int64?
    public var oomKillDisable: Bool?
    public var oomScoreAdj: Int?

    public init() {}
}
