import EngineAPI

/// The events dockerd emits for each change, in its order, stamped with the fake clock. The actor collects
/// them after every call and hands them to `events(project:since:)` subscribers.
extension FakeEngineStore {
    mutating func emit(_ action: EngineEvent.Action, container index: Int, time: Double? = nil) {
        let container = containers[index]
        pendingEvents.append(EngineEvent(action: action, subject: container.id, labels: container.spec.labels, time: time ?? tick()))
    }

    /// Network events name the network and carry its labels (connect and disconnect too, like dockerd's).
    mutating func emit(_ action: EngineEvent.Action, network: Network) {
        pendingEvents.append(EngineEvent(action: action, subject: network.id, labels: network.spec.labels, time: tick()))
    }

    mutating func emit(_ action: EngineEvent.Action, volume: Volume) {
        pendingEvents.append(EngineEvent(action: action, subject: volume.name, labels: volume.labels, time: tick()))
    }

    /// dockerd connects a container's endpoints when it starts and disconnects them when it stops.
    mutating func emitEndpoints(_ action: EngineEvent.Action, container index: Int) {
        let ids = containers[index].attachments.sorted { $0.key < $1.key }.map(\.value.networkID)
        for id in ids {
            if let network = networks.first(where: { $0.id == id }) { emit(action, network: network) }
        }
    }

    /// Hands the collected events and exits to the caller (the actor) and forgets them.
    mutating func drainHappenings() -> (events: [EngineEvent], exits: [(container: String, code: Int)]) {
        defer {
            pendingEvents.removeAll()
            pendingExits.removeAll()
        }
        return (pendingEvents, pendingExits)
    }
}
