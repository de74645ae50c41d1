import ComposeTestSupport
import EngineAPI

/// A FakeEngine with one deliberate bug, to prove the contract checks catch real mistakes.
struct MisbehavingEngine: ContainerEngine {
    enum Fault: String, Sendable, CaseIterable, CustomStringConvertible {
        case dropsLabels
        case trimsLabelValues
        case observesEveryProject
        case swallowsNotFound
        case stopDoesNothing
        case ignoresSignalName
        case allowsDuplicateNames
        case renamesOntoTakenNames
        case removesNetworksInUse
        case removesVolumesInUse
        case forgetsConnections
        case claimsPauseButCannot
        case inventsImages
        case removesRunningWithoutForce
        case hasNoEndpoint

        var description: String { rawValue }
    }

    let fake: FakeEngine
    let fault: Fault

    var endpoint: String { fault == .hasNoEndpoint ? "" : fake.endpoint }
    var capabilities: EngineCapabilities { fake.capabilities }

    func ping() async throws(EngineError) { try await fake.ping() }

    func observe(project: String) async throws(EngineError) -> ObservedState {
        if fault == .observesEveryProject { return await fake.snapshot() }
        return try await fake.observe(project: project)
    }

    private func mangle(_ labels: [String: String]) -> [String: String] {
        switch fault {
        case .dropsLabels: [:]
        case .trimsLabelValues: labels.mapValues { $0.split(separator: " ").joined(separator: " ") }
        default: labels
        }
    }

    func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String {
        var spec = spec
        spec.labels = mangle(spec.labels)
        return try await fake.createNetwork(spec)
    }

    func removeNetwork(_ name: String) async throws(EngineError) {
        do {
            try await fake.removeNetwork(name)
        } catch where fault == .swallowsNotFound && error.code == .notFound {
        } catch where fault == .removesNetworksInUse && error.code == .conflict {
        }
    }

    func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError) {
        if fault == .forgetsConnections { return }
        try await fake.connect(container: container, to: attachment)
    }

    func disconnect(container: String, from network: String) async throws(EngineError) {
        try await fake.disconnect(container: container, from: network)
    }

    func createVolume(_ spec: VolumeSpec) async throws(EngineError) {
        var spec = spec
        spec.labels = mangle(spec.labels)
        try await fake.createVolume(spec)
    }

    func removeVolume(_ name: String) async throws(EngineError) {
        do {
            try await fake.removeVolume(name)
        } catch where fault == .swallowsNotFound && error.code == .notFound {
        } catch where fault == .removesVolumesInUse && error.code == .conflict {
        }
    }

    func imageID(_ reference: String) async throws(EngineError) -> String? {
        if fault == .inventsImages { return FakeEngine.imageID(for: reference) }
        return try await fake.imageID(reference)
    }

    func pullImage(_ reference: String) async throws(EngineError) { try await fake.pullImage(reference) }

    func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String {
        var spec = spec
        spec.labels = mangle(spec.labels)
        do {
            return try await fake.createContainer(spec)
        } catch where fault == .allowsDuplicateNames && error.code == .conflict {
            spec.name += "-dup"
            return try await fake.createContainer(spec)
        }
    }

    func startContainer(_ id: String) async throws(EngineError) { try await fake.startContainer(id) }

    func stopContainer(_ id: String, timeout: Int?) async throws(EngineError) {
        if fault == .stopDoesNothing { return }
        try await fake.stopContainer(id, timeout: timeout)
    }

    func killContainer(_ id: String, signal: String) async throws(EngineError) {
        if fault == .ignoresSignalName { return try await fake.killContainer(id, signal: "TERM") }
        try await fake.killContainer(id, signal: signal)
    }

    func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError) {
        do {
            try await fake.removeContainer(id, force: force || fault == .removesRunningWithoutForce, removeVolumes: removeVolumes)
        } catch where fault == .swallowsNotFound && error.code == .notFound {
        }
    }

    func renameContainer(_ id: String, to name: String) async throws(EngineError) {
        do {
            try await fake.renameContainer(id, to: name)
        } catch where fault == .renamesOntoTakenNames && error.code == .conflict {
        }
    }

    func pauseContainer(_ id: String) async throws(EngineError) {
        if fault == .claimsPauseButCannot { return }
        try await fake.pauseContainer(id)
    }

    func unpauseContainer(_ id: String) async throws(EngineError) { try await fake.unpauseContainer(id) }
}
