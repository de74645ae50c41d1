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

    /// Polled every half second: cheap (file reads), and a missed change is caught by the next poll. With
    /// `since`, what the records say happened after that time (creates, starts, exits) comes first.
    public func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        let engine = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                var previous: EventSnapshot?
                while !Task.isCancelled {
                    do {
                        let current = try engine.eventSnapshot(project: project)
                        let events = previous.map { EventSnapshot.events(from: $0, to: current) }
                            ?? since.map { current.replay(since: $0) } ?? []
                        for event in events { continuation.yield(event) }
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

    func eventSnapshot(project: String) throws(EngineError) -> EventSnapshot {
        let bootID = EmbeddedRuntime.bootID()
        var snapshot = EventSnapshot()
        for record in try containers.records() where record.labels[OwnershipLabels.project] == project && !record.removing {
            let current = ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: bootID)
            snapshot.containers[record.id] = EventSnapshot.Container(
                name: record.name, labels: record.labels, created: record.created, state: current.state, health: current.health,
                startedAt: current.startedAt, finishedAt: current.finishedAt, restartCount: current.restartCount)
        }
        for network in try networks.list() where network.labels[OwnershipLabels.project] == project {
            snapshot.networks[network.name] = network.labels
        }
        for volume in try volumes.list() where volume.labels[OwnershipLabels.project] == project {
            snapshot.volumes[volume.name] = volume.labels
        }
        snapshot.lastRemoval = removals.last(project: project)
        return snapshot
    }
}
