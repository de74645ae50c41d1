/// One container inspected in full: what a list does not say (exact exit code, restart count, health
/// probe output, the engine's error). Used for messages (`depends_on` failures), `--wait` and `ps`.
public struct ContainerDetails: Sendable, Hashable {
    public var container: ObservedContainer
    /// Output of the most recent health probes, oldest first (empty without a health check).
    public var healthLog: [String]
    /// RFC 3339 times of the last start and finish ("0001-01-01T00:00:00Z" style zero values become nil).
    public var startedAt: String?
    public var finishedAt: String?
    /// The engine's error for the container's last start, if any ("port is already allocated").
    public var error: String?
    /// Whether the engine killed the container for running out of memory.
    public var oomKilled: Bool

    public init(container: ObservedContainer, healthLog: [String] = [], startedAt: String? = nil,
                finishedAt: String? = nil, error: String? = nil, oomKilled: Bool = false) {
        self.container = container
        self.healthLog = healthLog
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.oomKilled = oomKilled
    }
}
