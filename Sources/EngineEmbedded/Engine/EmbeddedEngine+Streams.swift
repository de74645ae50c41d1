import EngineAPI
import Foundation

/// Logs from the supervisor's json-file, and events derived by comparing observations: there is no daemon
/// to push them, and the watch loop only needs "something changed" (it re-observes every turn anyway).
extension EmbeddedEngine {
    public func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        let record: ContainerRecord
        do {
            record = try containers.resolve(id)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        let engine = self
        return ContainerLogReader.stream(bundle: containers.bundle(of: record.id), options: options) {
            guard let fresh = try? engine.containers.read(record.id) else { return true }
            return !EmbeddedEngine.activeStates.contains(engine.status(fresh).state)
        }
    }

    /// Polled every half second: cheap (file reads), and a missed change is caught by the next poll.
    public func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        let engine = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                var previous: ObservedState?
                while !Task.isCancelled {
                    do {
                        let current = try await engine.observe(project: project)
                        if let previous {
                            for event in EmbeddedEngine.events(from: previous, to: current) { continuation.yield(event) }
                        }
                        previous = current
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(500))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The Docker events that explain the difference between two observations.
    static func events(from old: ObservedState, to new: ObservedState) -> [EngineEvent] {
        let now = Date().timeIntervalSince1970
        var events: [EngineEvent] = []
        let before = Dictionary(old.containers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.containers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for container in new.containers {
            func event(_ action: EngineEvent.Action) {
                events.append(EngineEvent(action: action, subject: container.id, labels: container.labels, time: now))
            }
            guard let earlier = before[container.id] else {
                event(.create)
                if container.state == .running { event(.start) }
                continue
            }
            if earlier.plainName != container.plainName { event(.rename) }
            if earlier.state != container.state || earlier.restartCount != container.restartCount {
                switch (earlier.state, container.state) {
                case (.paused, .running): event(.unpause)
                case (_, .paused): event(.pause)
                case (_, .running):
                    if earlier.state == .running { event(.die) }  // restarted between two polls
                    event(.start)
                case (.running, _), (.paused, _): event(.die)
                case (.restarting, .exited): event(.die)
                default: event(.other)
                }
            }
            if earlier.health != container.health, container.health != .none { event(.healthStatus) }
        }
        for container in old.containers where after[container.id] == nil {
            events.append(EngineEvent(action: .destroy, subject: container.id, labels: container.labels, time: now))
        }
        let oldNetworks = Set(old.networks.map(\.name)), newNetworks = Set(new.networks.map(\.name))
        for network in new.networks where !oldNetworks.contains(network.name) {
            events.append(EngineEvent(action: .networkCreate, subject: network.name, labels: network.labels, time: now))
        }
        for network in old.networks where !newNetworks.contains(network.name) {
            events.append(EngineEvent(action: .networkDestroy, subject: network.name, labels: network.labels, time: now))
        }
        let oldVolumes = Set(old.volumes.map(\.name)), newVolumes = Set(new.volumes.map(\.name))
        for volume in new.volumes where !oldVolumes.contains(volume.name) {
            events.append(EngineEvent(action: .volumeCreate, subject: volume.name, labels: volume.labels, time: now))
        }
        for volume in old.volumes where !newVolumes.contains(volume.name) {
            events.append(EngineEvent(action: .volumeDestroy, subject: volume.name, labels: volume.labels, time: now))
        }
        return events
    }
}
