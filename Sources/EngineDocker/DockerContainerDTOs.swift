// The body of `POST /containers/create`: the container config with its HostConfig and NetworkingConfig.
// Property names are the API's keys; nil fields are left out, so dockerd applies its own defaults.

/// `{}`: the value of an `ExposedPorts` entry.
struct DockerEmpty: Codable, Sendable, Equatable {}

struct DockerContainerCreate: Encodable, Sendable {
    var Hostname: String?
    var Domainname: String?
    var User: String?
    var Tty: Bool?
    var OpenStdin: Bool?
    var ExposedPorts: [String: DockerEmpty]?
    var Env: [String]?
    var Cmd: [String]?
    var Entrypoint: [String]?
    var Image: String
    var Labels: [String: String]?
    var WorkingDir: String?
    var MacAddress: String?
    var Healthcheck: DockerHealthcheck?
    var StopSignal: String?
    var StopTimeout: Int?
    var HostConfig: DockerHostConfig
    var NetworkingConfig: DockerNetworkingConfig?
}

struct DockerHealthcheck: Encodable, Sendable {
    var Test: [String]
    var Interval: Int64?
    var Timeout: Int64?
    var StartPeriod: Int64?
    /// API 1.44+.
    var StartInterval: Int64?
    var Retries: Int?
}

struct DockerNetworkingConfig: Encodable, Sendable {
    var EndpointsConfig: [String: DockerEndpointSettings]
}

struct DockerHostConfig: Encodable, Sendable {
    struct PortBinding: Encodable, Sendable {
        var HostIp: String
        var HostPort: String
    }

    struct RestartPolicy: Encodable, Sendable {
        var Name: String
        var MaximumRetryCount: Int?
    }

    struct LogConfig: Encodable, Sendable {
        var `Type`: String
        var Config: [String: String]?
    }

    struct Device: Encodable, Sendable {
        var PathOnHost: String
        var PathInContainer: String
        var CgroupPermissions: String
    }

    struct Ulimit: Encodable, Sendable {
        var Name: String
        var Soft: Int64
        var Hard: Int64
    }

    var Binds: [String]?
    var NetworkMode: String?
    var PortBindings: [String: [PortBinding]]?
    var RestartPolicy: RestartPolicy?
    var VolumesFrom: [String]?
    var Mounts: [DockerMount]?
    var LogConfig: LogConfig?
    var CapAdd: [String]?
    var CapDrop: [String]?
    var Dns: [String]?
    var DnsOptions: [String]?
    var DnsSearch: [String]?
    var ExtraHosts: [String]?
    var GroupAdd: [String]?
    var IpcMode: String?
    var PidMode: String?
    var Privileged: Bool?
    var ReadonlyRootfs: Bool?
    var SecurityOpt: [String]?
    var Tmpfs: [String: String]?
    var Sysctls: [String: String]?
    var Runtime: String?
    var Init: Bool?
    var ShmSize: Int64?
    var Memory: Int64?
    var MemoryReservation: Int64?
    var MemorySwap: Int64?
    var NanoCpus: Int64?
    var CpuShares: Int64?
    var CpusetCpus: String?
    var PidsLimit: Int64?
    var OomKillDisable: Bool?
    var OomScoreAdj: Int?
    var Devices: [Device]?
    var Ulimits: [Ulimit]?
}

struct DockerMount: Encodable, Sendable {
    struct BindOptions: Encodable, Sendable {
        var Propagation: String?
        /// API 1.42+: create the host path like `-v` does.
        var CreateMountpoint: Bool?
    }

    struct VolumeOptions: Encodable, Sendable {
        var NoCopy: Bool?
        /// API 1.45+.
        var Subpath: String?
    }

    struct TmpfsOptions: Encodable, Sendable {
        var SizeBytes: Int64?
        var Mode: UInt32?
    }

    var `Type`: String
    var Source: String?
    var Target: String
    var ReadOnly: Bool?
    var Consistency: String?
    var BindOptions: BindOptions?
    var VolumeOptions: VolumeOptions?
    var TmpfsOptions: TmpfsOptions?
}
