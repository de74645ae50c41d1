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
                // Watching starts before the first snapshot: a change in between is not missed.
                let watch = engine.stateWatch()
                defer { watch?.stop() }
                var previous: EventSnapshot?
                /// False when the stream ended; `pending` when a container was mid-start (compare again soon).
                func compare() -> (ok: Bool, pending: Bool) {
                    do {
                        let (current, pending) = try engine.eventSnapshot(project: project, previous: previous)
                        let events = previous.map { EventSnapshot.events(from: $0, to: current) }
                            ?? since.map { current.replay(since: $0) } ?? []
                        for event in events { continuation.yield(event) }
                        previous = current
                        return (true, pending)
                    } catch {
                        continuation.finish(throwing: error)
                        return (false, false)
                    }
                }
                var state = compare()
                guard state.ok else { return }
                if let watch {
                    while state.ok && !Task.isCancelled {
                        if state.pending {
                            try? await Task.sleep(for: .milliseconds(50))
                        } else {
                            // The 5 s fallback catches a container that died without its supervisor saying so.
                            _ = await watch.waitForChange(timeout: .seconds(5))
                            // A start or a stop writes several files: let the burst settle into one comparison.
                            try? await Task.sleep(for: .milliseconds(30))
                        }
                        if Task.isCancelled { break }
                        state = compare()
                    }
                } else {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(500))
                        guard !Task.isCancelled, compare().ok else { break }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What the event stream waits on: the state directory's records, through inotify (nil without it: then it
    /// polls every 0.5 s).
    func stateWatch() -> DirectoryWatch? {
        for directory in [containers.directory, networks.directory, volumes.directory, removals.directory] {
            try? FileSystem.makeDirectories(directory)
        }
        return DirectoryWatch(directories: [networks.directory, volumes.directory, removals.directory],
                              parents: [containers.directory])
    }

    /// The project's state as events compare it. A container in the middle of a start (or a tear-down) keeps
    /// its entry of `previous` and makes the snapshot `pending`: half a start reads as neither run.
    func eventSnapshot(project: String, previous: EventSnapshot? = nil) throws(EngineError) -> (EventSnapshot, pending: Bool) {
        let bootID = EmbeddedRuntime.bootID()
        var snapshot = EventSnapshot()
        var pending = false
        for record in try containers.records() where record.labels[OwnershipLabels.project] == project && !record.removing {
            let read = withSharedRunLock(record) { () -> (ContainerRecord, ContainerStatus) in
                // The record again, under the lock: the one listed may predate the operation that held it.
                let fresh = (try? containers.read(record.id)) ?? record
                return (fresh, ContainerStatus.read(fresh, bundle: containers.bundle(of: record.id), bootID: bootID))
            }
            guard let (record, current) = read else {
                pending = true
                if let kept = previous?.containers[record.id] { snapshot.containers[record.id] = kept }
                continue
            }
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
        return (snapshot, pending)
    }
}
