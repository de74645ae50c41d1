/// Why a controller turn runs. A trigger carries no payload: each turn re-reads the actual state, so the
/// kind is only for the turn's log line ("turn 4 (engine event, compose file)").
public enum Trigger: String, Sendable, Hashable, Comparable, CaseIterable {
    /// The first turn, when the controller starts.
    case start
    /// An engine event of a project object (die, destroy, health status, out-of-band change).
    case engineEvent = "engine-event"
    /// A compose file, `.env`, `env_file`, secret or config file changed.
    case projectFiles = "project-files"
    /// A `develop.watch` action asks for a turn (a rebuilt image to roll out).
    case develop
    /// A resource's backoff expired: the operations held back last turn may run now.
    case requeue
    /// The periodic resync, which corrects anything an event did not report.
    case resync

    public static func < (lhs: Trigger, rhs: Trigger) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
