/// `<bundle>/exit.json`: how the container's last run ended, written atomically when the shim stops
/// supervising it. `exitCode` is 128 + signal when the init was killed by a signal.
public struct ShimExitRecord: Sendable, Hashable, Codable {
    public var exitCode: Int
    /// RFC 3339 with nanoseconds, UTC.
    public var finishedAt: String
    public var oomKilled: Bool
    /// Set when the shim gave up because runc failed (a restart's create or start).
    public var error: String?

    public init(exitCode: Int, finishedAt: String, oomKilled: Bool = false, error: String? = nil) {
        self.exitCode = exitCode
        self.finishedAt = finishedAt
        self.oomKilled = oomKilled
        self.error = error
    }
}
