/// Names of the files the container supervisor (`compose-shim`) reads and writes in a container's bundle
/// directory. Shared by the shim and the engine (this file is compiled into both), so stdlib only.
public enum ShimFiles {
    /// The launch configuration (`ShimConfig`), written by the engine before it runs the shim.
    public static let config = "shim.json"
    /// The shim's own record (`ShimState`): pid, start time, restart count.
    public static let state = "shim-state.json"
    /// The final exit (`ShimExitRecord`), written once the shim will not restart the container any more.
    public static let exit = "exit.json"
    /// Health check status (`ShimHealthRecord`), when the config has a health check.
    public static let health = "health.json"
    /// Present when the user stopped the container: the shim does not restart it. Written by the engine
    /// before it kills or deletes the container; removed by the shim when it is launched.
    public static let stoppedByUser = "stopped-by-user"
    /// Default json-file log of the container's stdout and stderr (rotated as `ctr.log.1` …).
    public static let log = "ctr.log"
    /// runc's own log (`--log-format json`).
    public static let runcLog = "runc.log"
    /// The container init's pid, written by `runc create --pid-file`.
    public static let initPid = "init.pid"
    /// The health probe's pid, written by `runc exec --pid-file` (so a timed-out probe can be killed).
    public static let healthPid = "health.pid"
    /// The shim's own diagnostics (stderr of the supervisor), appended.
    public static let shimLog = "shim.log"
}
