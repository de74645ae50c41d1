import Foundation

/// Why a project lock could not be taken.
public enum ProjectLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the holding run wrote into the lock file.
    public struct Holder: Sendable, Equatable {
        public var pid: Int32
        public var since: Date
    }

    /// Another run holds the lock (holder nil when it wrote nothing readable, e.g. a foreign `flock`).
    case held(project: String, holder: Holder?)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .held(let project, let holder?):
            "project \(project) is being reconciled by pid \(holder.pid) since "
                + ISO8601DateFormatter().string(from: holder.since)
        case .held(let project, nil):
            "project \(project) is being reconciled by another process"
        case .io(let path, let reason):
            "cannot use the project lock \(path): \(reason)"
        }
    }
}
