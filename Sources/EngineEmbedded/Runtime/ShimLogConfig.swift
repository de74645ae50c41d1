// Shared by the shim and the engine (compiled into both), so stdlib only.

/// Where the container's stdout and stderr go: `json-file` (Docker's format, rotated by size), `syslog` (one
/// RFC 5424 message per line to a local socket or a remote address) or `none`.
public struct ShimLogConfig: Sendable, Hashable, Codable {
    public var driver: String
    /// Absolute path of the log; default `<bundle>/ctr.log`.
    public var path: String?
    /// Rotate when the file would grow past this many bytes (compose `max-size`); nil: never.
    public var maxSize: Int64?
    /// Number of files kept, the live one included (compose `max-file`, default 1: the log is truncated).
    public var maxFile: Int?
    /// syslog: `unix:///dev/log` (default), `unixgram://…`, `udp://host:port`, `tcp://host:port`.
    public var syslogAddress: String?
    /// syslog: the facility's number (`daemon` = 3, Docker's default).
    public var syslogFacility: Int?
    /// syslog: the APP-NAME of every message (Docker's default: the container id's first 12 characters).
    public var tag: String?
    /// syslog: the host name in the messages.
    public var hostname: String?

    public init(driver: String = "json-file", path: String? = nil, maxSize: Int64? = nil, maxFile: Int? = nil,
                syslogAddress: String? = nil, syslogFacility: Int? = nil, tag: String? = nil, hostname: String? = nil) {
        self.driver = driver
        self.path = path
        self.maxSize = maxSize
        self.maxFile = maxFile
        self.syslogAddress = syslogAddress
        self.syslogFacility = syslogFacility
        self.tag = tag
        self.hostname = hostname
    }

    private enum CodingKeys: String, CodingKey {
        case driver, path, maxSize, maxFile, syslogAddress, syslogFacility, tag, hostname
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? "json-file"
        path = try c.decodeIfPresent(String.self, forKey: .path)
        maxSize = try c.decodeIfPresent(Int64.self, forKey: .maxSize)
        maxFile = try c.decodeIfPresent(Int.self, forKey: .maxFile)
        syslogAddress = try c.decodeIfPresent(String.self, forKey: .syslogAddress)
        syslogFacility = try c.decodeIfPresent(Int.self, forKey: .syslogFacility)
        tag = try c.decodeIfPresent(String.self, forKey: .tag)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
    }
}
