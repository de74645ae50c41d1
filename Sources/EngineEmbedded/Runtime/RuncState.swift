/// One container as `runc state` and `runc list --format json` report it.
public struct RuncState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case creating
        case created
        case running
        case pausing
        case paused
        case stopped
        /// A status this client does not know (a newer runc).
        case unknown

        public init(from decoder: any Decoder) throws {
            self = Status(rawValue: try decoder.singleValueContainer().decode(String.self)) ?? .unknown
        }
    }

    public var id: String
    /// The container init's pid (0 once stopped).
    public var pid: Int32
    public var status: Status
    public var bundle: String
    public var rootfs: String?
    /// RFC 3339 with nanoseconds.
    public var created: String?
    /// The spec's annotations (the container's labels).
    public var annotations: [String: String]?

    public init(id: String, pid: Int32, status: Status, bundle: String, rootfs: String? = nil, created: String? = nil,
                annotations: [String: String]? = nil) {
        self.id = id
        self.pid = pid
        self.status = status
        self.bundle = bundle
        self.rootfs = rootfs
        self.created = created
        self.annotations = annotations
    }
}
