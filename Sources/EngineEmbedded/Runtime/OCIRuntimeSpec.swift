/// An OCI runtime spec `config.json`: the subset runc 1.1 reads for a compose container. Field names and
/// JSON keys follow runtime-spec 1.0.2; optional fields are left out of the JSON when nil, as runc expects.
public struct OCIRuntimeSpec: Sendable, Hashable, Codable {
    public var ociVersion = "1.0.2"
    public var process: Process?
    public var root: Root?
    public var hostname: String?
    public var domainname: String?
    public var mounts: [Mount] = []
    public var annotations: [String: String]?
    public var linux: Linux?

    public init(process: Process? = nil, root: Root? = nil, hostname: String? = nil, domainname: String? = nil,
                mounts: [Mount] = [], annotations: [String: String]? = nil, linux: Linux? = nil) {
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.annotations = annotations
        self.linux = linux
    }

    /// The container's (or an exec's) process: also the document `runc exec --process` reads.
    public struct Process: Sendable, Hashable, Codable {
        public var terminal: Bool?
        public var user: User
        public var args: [String]
        public var env: [String]?
        public var cwd: String
        public var capabilities: Capabilities?
        public var rlimits: [Rlimit]?
        public var noNewPrivileges: Bool?
        public var oomScoreAdj: Int?
        public var apparmorProfile: String?

        public init(terminal: Bool? = false, user: User = User(), args: [String], env: [String]? = nil, cwd: String = "/",
                    capabilities: Capabilities? = nil, rlimits: [Rlimit]? = nil, noNewPrivileges: Bool? = nil,
                    oomScoreAdj: Int? = nil) {
            self.terminal = terminal
            self.user = user
            self.args = args
            self.env = env
            self.cwd = cwd
            self.capabilities = capabilities
            self.rlimits = rlimits
            self.noNewPrivileges = noNewPrivileges
            self.oomScoreAdj = oomScoreAdj
        }
    }

    public struct User: Sendable, Hashable, Codable {
        public var uid: UInt32
        public var gid: UInt32
        public var umask: UInt32?
        public var additionalGids: [UInt32]?

        public init(uid: UInt32 = 0, gid: UInt32 = 0, additionalGids: [UInt32]? = nil) {
            self.uid = uid
            self.gid = gid
            self.additionalGids = additionalGids
        }
    }

    /// Capability sets by their `CAP_*` names. Docker (since 20.10.14) leaves `inheritable` and `ambient` empty.
    public struct Capabilities: Sendable, Hashable, Codable {
        public var bounding: [String]?
        public var effective: [String]?
        public var inheritable: [String]?
        public var permitted: [String]?
        public var ambient: [String]?

        /// The same list in the bounding, effective and permitted sets.
        public init(_ names: [String]) {
            bounding = names
            effective = names
            permitted = names
        }
    }

    /// One `setrlimit`: `type` is `RLIMIT_NOFILE` and so on; `UInt64.max` is unlimited.
    public struct Rlimit: Sendable, Hashable, Codable {
        public var type: String
        public var hard: UInt64
        public var soft: UInt64

        public init(type: String, soft: UInt64, hard: UInt64) {
            self.type = type
            self.soft = soft
            self.hard = hard
        }
    }

    public struct Root: Sendable, Hashable, Codable {
        public var path: String
        public var readonly: Bool?

        public init(path: String, readonly: Bool? = nil) {
            self.path = path
            self.readonly = readonly
        }
    }

    public struct Mount: Sendable, Hashable, Codable {
        public var destination: String
        public var type: String?
        public var source: String?
        public var options: [String]?

        public init(destination: String, type: String, source: String, options: [String]) {
            self.destination = destination
            self.type = type
            self.source = source
            self.options = options
        }
    }
}
