/// `<bundle>/shim-state.json`: the supervisor's own record. `shimPid` plus `shimStartTime` (field 22 of
/// `/proc/<pid>/stat`, clock ticks since boot) tell a live shim from a reused pid.
public struct ShimState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// An init exists (created or running, as runc says) and is supervised.
        case running
        /// The init exited and the restart policy starts it again after a backoff.
        case restarting
        /// The shim stopped supervising; `exit.json` holds the result.
        case exited
    }

    public var shimPid: Int32
    public var shimStartTime: UInt64
    public var status: Status
    public var initPid: Int32?
    /// Restarts done by the shim under the restart policy (Docker's `RestartCount`).
    public var restartCount: Int
    /// Exit code of the previous run, once one ended.
    public var lastExitCode: Int?
    /// When the shim last started the container itself (restarts; the first start is the engine's).
    public var startedAt: String?
    public var version: Int

    public init(shimPid: Int32, shimStartTime: UInt64, status: Status = .running, initPid: Int32? = nil,
                restartCount: Int = 0, lastExitCode: Int? = nil, startedAt: String? = nil, version: Int = 1) {
        self.shimPid = shimPid
        self.shimStartTime = shimStartTime
        self.status = status
        self.initPid = initPid
        self.restartCount = restartCount
        self.lastExitCode = lastExitCode
        self.startedAt = startedAt
        self.version = version
    }
}
