extension OCIRuntimeSpec {
    /// The `linux` section: namespaces, the cgroup and its limits, sysctls, device nodes and the /proc paths
    /// hidden from the container.
    public struct Linux: Sendable, Hashable, Codable {
        public var namespaces: [Namespace] = []
        public var devices: [Device]?
        public var cgroupsPath: String?
        public var resources: Resources?
        public var sysctl: [String: String]?
        public var maskedPaths: [String]?
        public var readonlyPaths: [String]?
        /// `rslave` or `rshared` when a bind mount asks for that propagation (runc makes `/` rprivate otherwise).
        public var rootfsPropagation: String?

        public init(namespaces: [Namespace] = [], cgroupsPath: String? = nil, resources: Resources? = nil) {
            self.namespaces = namespaces
            self.cgroupsPath = cgroupsPath
            self.resources = resources
        }
    }

    /// A namespace the container gets: a new one, or the one at `path` (`/run/netns/…`, `/proc/<pid>/ns/…`).
    public struct Namespace: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case pid
            case network
            case mount
            case ipc
            case uts
            case user
            case cgroup
        }

        public var type: Kind
        public var path: String?

        public init(_ type: Kind, path: String? = nil) {
            self.type = type
            self.path = path
        }
    }

    /// A device node runc creates in the container's `/dev`.
    public struct Device: Sendable, Hashable, Codable {
        public var path: String
        /// `c`, `b`, `u` or `p`.
        public var type: String
        public var major: Int64
        public var minor: Int64
        public var fileMode: UInt32?
        public var uid: UInt32?
        public var gid: UInt32?

        public init(path: String, type: String, major: Int64, minor: Int64, fileMode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil) {
            self.path = path
            self.type = type
            self.major = major
            self.minor = minor
            self.fileMode = fileMode
            self.uid = uid
            self.gid = gid
        }
    }

    public struct Resources: Sendable, Hashable, Codable {
        public var devices: [DeviceRule]?
        public var memory: Memory?
        public var cpu: CPU?
        public var pids: Pids?

        public init(devices: [DeviceRule]? = nil, memory: Memory? = nil, cpu: CPU? = nil, pids: Pids? = nil) {
            self.devices = devices
            self.memory = memory
            self.cpu = cpu
            self.pids = pids
        }
    }

    /// A device-cgroup rule: nil type/major/minor match all (`a *:* rwm`).
    public struct DeviceRule: Sendable, Hashable, Codable {
        public var allow: Bool
        public var type: String?
        public var major: Int64?
        public var minor: Int64?
        public var access: String?

        public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = "rwm") {
            self.allow = allow
            self.type = type
            self.major = major
            self.minor = minor
            self.access = access
        }
    }

    /// Bytes; `swap` is memory plus swap (cgroup v1 `memsw`), -1 unlimited.
    public struct Memory: Sendable, Hashable, Codable {
        public var limit: Int64?
        public var reservation: Int64?
        public var swap: Int64?
        public var swappiness: UInt64?
        public var disableOOMKiller: Bool?

        public init() {}
    }

    /// CFS quota and period in microseconds, relative `shares`, `cpus`/`mems` as cpuset lists (`0-2,4`).
    public struct CPU: Sendable, Hashable, Codable {
        public var shares: UInt64?
        public var quota: Int64?
        public var period: UInt64?
        public var cpus: String?
        public var mems: String?

        public init() {}
    }

    public struct Pids: Sendable, Hashable, Codable {
        public var limit: Int64

        public init(limit: Int64) { self.limit = limit }
    }
}
