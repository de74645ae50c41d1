import EngineAPI
import Foundation

/// What the embedded engine's event stream compares between two polls: per container its state and the times
/// of its last start and exit (so a run that began and ended between two polls still gives start and die), and
/// the project's last removal (so does a container created and removed between two polls).
struct EventSnapshot: Sendable {
    struct Container: Sendable {
        var name: String
        var labels: [String: String]
        var created: Double
        var state: ObservedContainer.State
        var health: ObservedContainer.Health
        var startedAt: String?
        var finishedAt: String?
        var restartCount: Int
    }

    var containers: [String: Container] = [:]
    var networks: [String: [String: String]] = [:]
    var volumes: [String: [String: String]] = [:]
    var lastRemoval: RemovalRecords.Removal?

    static func time(_ text: String?) -> Double? { text.flatMap(RFC3339.parse) }

    /// The events the records explain after `since`, oldest first.
    func replay(since: Double) -> [EngineEvent] {
        var events: [EngineEvent] = []
        for (id, container) in containers {
            func add(_ action: EngineEvent.Action, _ time: Double?) {
                guard let time, time >= since else { return }
                events.append(EngineEvent(action: action, subject: id, labels: container.labels, time: time))
            }
            add(.create, container.created)
            let started = Self.time(container.startedAt)
            add(.start, started)
            if !EmbeddedEngine.activeStates.contains(container.state), let finished = Self.time(container.finishedAt) {
                // The exit time comes from the supervisor, the start time from the starting process: a run that
                // ended at once may read as ending before it began, and must still replay start before die.
                add(.die, max(finished, started ?? finished))
            }
        }
        if let removal = lastRemoval, removal.time >= since {
            events.append(EngineEvent(action: .destroy, subject: removal.id, labels: removal.labels, time: removal.time))
        }
        return events.sorted { $0.time < $1.time }
    }

    /// The Docker events that explain the difference between two snapshots.
    static func events(from old: EventSnapshot, to new: EventSnapshot) -> [EngineEvent] {
        let now = Date().timeIntervalSince1970
        var events: [EngineEvent] = []
        for (id, container) in new.containers.sorted(by: { $0.value.created < $1.value.created }) {
            func event(_ action: EngineEvent.Action) {
                events.append(EngineEvent(action: action, subject: id, labels: container.labels, time: now))
            }
            guard let earlier = old.containers[id] else {
                event(.create)
                if container.startedAt != nil { event(.start) }
                if container.startedAt != nil && !EmbeddedEngine.activeStates.contains(container.state) { event(.die) }
                continue
            }
            if earlier.name != container.name { event(.rename) }
            let restarted = earlier.startedAt != container.startedAt || earlier.restartCount != container.restartCount
            let wasActive = EmbeddedEngine.activeStates.contains(earlier.state)
            let isActive = EmbeddedEngine.activeStates.contains(container.state)
            if restarted {
                if wasActive && earlier.state != .restarting { event(.die) }
                event(.start)
                if !isActive { event(.die) }
            } else if wasActive && !isActive && earlier.state != .restarting {
                event(.die)
            } else if earlier.state == .running && container.state == .restarting {
                event(.die)
            } else if earlier.state == .running && container.state == .paused {
                event(.pause)
            } else if earlier.state == .paused && container.state == .running {
                event(.unpause)
            }
            if earlier.health != container.health, container.health != .none { event(.healthStatus) }
        }
        for (id, container) in old.containers where new.containers[id] == nil {
            events.append(EngineEvent(action: .destroy, subject: id, labels: container.labels, time: now))
        }
        // A removal the container diff cannot show: the container came and went between the two polls.
        if let removal = new.lastRemoval, removal != old.lastRemoval, old.containers[removal.id] == nil {
            events.append(EngineEvent(action: .destroy, subject: removal.id, labels: removal.labels, time: now))
        }
        for (name, labels) in new.networks where old.networks[name] == nil {
            events.append(EngineEvent(action: .networkCreate, subject: name, labels: labels, time: now))
        }
        for (name, labels) in old.networks where new.networks[name] == nil {
            events.append(EngineEvent(action: .networkDestroy, subject: name, labels: labels, time: now))
        }
        for (name, labels) in new.volumes where old.volumes[name] == nil {
            events.append(EngineEvent(action: .volumeCreate, subject: name, labels: labels, time: now))
        }
        for (name, labels) in old.volumes where new.volumes[name] == nil {
            events.append(EngineEvent(action: .volumeDestroy, subject: name, labels: labels, time: now))
        }
        return events
    }
}
