// Shared by the shim and the engine (compiled into both), so stdlib only.

/// Where the container's stdout and stderr go. `json-file` (Docker's format, rotated by size) or `none`.
public struct ShimLogConfig: Sendable, Hashable, Codable {
    public var driver: String
    /// Absolute path of the log; default `<bundle>/ctr.log`.
    public var path: String?
    /// Rotate when the file would grow past this many bytes (compose `max-size`); nil: never.
    public var maxSize: Int64?
    /// Number of files kept, the live one included (compose `max-file`, default 1: the log is truncated).
    public var maxFile: Int?

    public init(driver: String = "json-file", path: String? = nil, maxSize: Int64? = nil, maxFile: Int? = nil) {
        self.driver = driver
        self.path = path
        self.maxSize = maxSize
        self.maxFile = maxFile
    }

    private enum CodingKeys: String, CodingKey {
        case driver, path, maxSize, maxFile
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? "json-file"
        path = try c.decodeIfPresent(String.self, forKey: .path)
        maxSize = try c.decodeIfPresent(Int64.self, forKey: .maxSize)
        maxFile = try c.decodeIfPresent(Int.self, forKey: .maxFile)
    }
}
