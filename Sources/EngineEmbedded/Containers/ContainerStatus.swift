import EngineAPI
import Foundation

/// What a container is doing now, derived from its files (recipes §9.3): the engine's record, the supervisor's
/// `shim-state.json` and `exit.json`, its `health.json`, and whether the processes they name still live.
/// Nothing is asked of runc, so observing a project costs file reads only.
public struct ContainerStatus: Sendable, Hashable {
    public var state: ObservedContainer.State
    public var health: ObservedContainer.Health
    public var exitCode: Int?
    public var restartCount: Int
    /// RFC 3339 times of the last start and the last exit.
    public var startedAt: String?
    public var finishedAt: String?
    public var oomKilled: Bool
    public var error: String?
    /// The container's init pid while it runs.
    public var initPid: Int32?
    /// Whether a live supervisor watches the container (false for a container whose shim died).
    public var supervised: Bool
    public var healthLog: [String]

    /// Reads the status of `record` from its bundle; `bootID` is this boot's id.
    public static func read(_ record: ContainerRecord, bundle: String, bootID: String?) -> ContainerStatus {
        var status = ContainerStatus(state: .created, health: .none, exitCode: nil, restartCount: 0,
                                     startedAt: record.startedAt, finishedAt: nil, oomKilled: false,
                                     error: record.startError, initPid: nil, supervised: false, healthLog: [])
        if record.removing {
            status.state = .removing
            return status
        }
        let shim = try? ShimFiles.read(ShimState.self, ShimFiles.state, bundle: bundle)
        let exit = try? ShimFiles.read(ShimExitRecord.self, ShimFiles.exit, bundle: bundle)
        if let shim {
            status.restartCount = shim.restartCount
            if let restarted = shim.startedAt { status.startedAt = restarted }
        }
        if let exit {
            status.exitCode = exit.exitCode
            status.finishedAt = exit.finishedAt
            status.oomKilled = exit.oomKilled
            if let error = exit.error { status.error = error }
        }
        guard record.startedAt != nil else { return status }
        let sameBoot = record.bootID == nil || bootID == nil || record.bootID == bootID
        guard sameBoot else {
            // Rebooted: nothing of the last run survives (runc state, netns and mounts were on tmpfs or gone).
            status.state = .exited
            if status.exitCode == nil { status.exitCode = 255 }
            return status
        }
        // A live shim that has not written `exit.json` yet is still supervising (or just finishing its records).
        if let shim, shim.shimIsAlive, shim.status != .exited || exit == nil {
            status.supervised = true
            if shim.status == .restarting {
                status.state = .restarting
                if status.exitCode == nil { status.exitCode = shim.lastExitCode }
                return status
            }
            if let pid = shim.initPid, ContainerStatus.isRunning(pid) {
                status.initPid = pid
                status.state = FileSystem.exists(bundle + "/" + ContainerStatus.pausedMarker) ? .paused : .running
                status.exitCode = 0
                status.finishedAt = nil
                status.health = ContainerStatus.health(record, bundle: bundle, into: &status)
                return status
            }
            // The init has exited and the shim is finishing its records (draining output, deciding on a
            // restart): still running until it has written how the run ended.
            status.initPid = shim.initPid
            status.state = .running
            status.exitCode = 0
            status.finishedAt = nil
            return status
        }
        if exit == nil, let pid = shim?.initPid, ContainerStatus.isRunning(pid) {
            // The supervisor died but the container still runs: it is running, unsupervised (exit code unknown).
            status.initPid = pid
            status.state = .running
            status.exitCode = 0
            return status
        }
        status.state = .exited
        if status.exitCode == nil { status.exitCode = shim == nil ? 128 : 255 }
        return status
    }

    /// Present in the bundle while the container is paused (written by the engine after `runc pause`).
    static let pausedMarker = "paused"

    /// A live, non-zombie process.
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = ProcFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let rest = stat[stat.index(after: close)...].drop(while: { $0 == " " })
        guard let state = rest.first else { return false }
        return state != "Z" && state != "X"
    }

    private static func health(_ record: ContainerRecord, bundle: String, into status: inout ContainerStatus) -> ObservedContainer.Health {
        guard let check = try? ShimFiles.read(ShimHealthRecord.self, ShimFiles.health, bundle: bundle) else {
            return ShimHealthConfig.effective(spec: record.spec.healthcheck, image: record.imageConfig?.healthcheck) == nil ? .none : .starting
        }
        status.healthLog = check.log.map(\.output)
        switch check.status {
        case .starting: return .starting
        case .healthy: return .healthy
        case .unhealthy: return .unhealthy
        }
    }

    /// Docker's human status: "Up 3 minutes (healthy)", "Exited (0) 2 seconds ago", "Created", …
    public func text(now: Double) -> String {
        func ago(_ time: String?) -> String {
            guard let time, let seconds = RFC3339.parse(time) else { return "" }
            return HumanUnits.duration(seconds: max(0, now - seconds))
        }
        switch state {
        case .created: return "Created"
        case .running, .paused:
            var text = "Up " + ago(startedAt)
            switch health {
            case .healthy: text += " (healthy)"
            case .unhealthy: text += " (unhealthy)"
            case .starting: text += " (health: starting)"
            case .none: break
            }
            return state == .paused ? text + " (Paused)" : text
        case .restarting: return "Restarting (\(exitCode ?? 0)) \(ago(finishedAt)) ago"
        case .exited:
            guard finishedAt != nil else { return "Exited (\(exitCode ?? 0))" }
            return "Exited (\(exitCode ?? 0)) \(ago(finishedAt)) ago"
        case .removing: return "Removal In Progress"
        case .dead: return "Dead"
        }
    }
}
