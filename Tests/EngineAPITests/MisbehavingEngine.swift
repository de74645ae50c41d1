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
        case findsByPrefix
        case listsUnlabelledInAllProjects
        case inventsAbsentNetworks
        case waitReturnsZero
        case mergesLogStreams
        case followNeverEnds
        case eventsLoseDie
        case statusIsState
        case removesAbsentImages
        case buildForgetsTags

        var description: String { rawValue }
    }

    let fake: FakeEngine
    let fault: Fault

    var endpoint: String { fault == .hasNoEndpoint ? "" : fake.endpoint }
    var capabilities: EngineCapabilities { fake.capabilities }

    func ping() async throws(EngineError) { try await fake.ping() }

    func observe(project: String) async throws(EngineError) -> ObservedState {
        if fault == .observesEveryProject { return await fake.snapshot() }
        var state = try await fake.observe(project: project)
        state.containers = state.containers.map(mangle)
        return state
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

    func observeAllProjects() async throws(EngineError) -> [ObservedContainer] {
        if fault == .listsUnlabelledInAllProjects { return await fake.snapshot().containers }
        return try await fake.observeAllProjects()
    }

    func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] {
        // What dockerd's own name filter does: substrings match.
        if fault == .findsByPrefix, !names.isEmpty {
            return await fake.snapshot().containers.filter { container in names.contains { container.name.contains($0) } }
        }
        return try await fake.findContainers(names: names)
    }

    func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? {
        let network = try await fake.inspectNetwork(name)
        if fault == .inventsAbsentNetworks, network == nil {
            return ObservedNetwork(id: FakeEngine.imageID(for: name), name: name, driver: "bridge", labels: [:])
        }
        return network
    }

    func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? { try await fake.inspectVolume(name) }

    func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails {
        var details = try await fake.inspectContainer(id)
        details.container = mangle(details.container)
        return details
    }

    func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String {
        var spec = spec
        if fault == .buildForgetsTags { spec.tags = [] }
        return try await fake.buildImage(spec, output: output)
    }

    func removeImage(_ reference: String, force: Bool) async throws(EngineError) {
        do {
            try await fake.removeImage(reference, force: force)
        } catch where fault == .removesAbsentImages && error.code == .notFound {
        }
    }

    func inspectImage(_ reference: String) async throws(EngineError) -> ImageDetails? {
        try await fake.inspectImage(reference)
    }

    func pushImage(_ reference: String) async throws(EngineError) {
        try await fake.pushImage(reference)
    }

    func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        let upstream = fake.containerLogs(id, options: options)
        let fault = self.fault
        let (stream, continuation) = AsyncThrowingStream<LogLine, any Error>.makeStream()
        let task = Task {
            do {
                for try await line in upstream {
                    var line = line
                    if fault == .mergesLogStreams { line.stream = .stdout }
                    continuation.yield(line)
                }
                if fault == .followNeverEnds, options.follow {
                    while !Task.isCancelled { try await Task.sleep(nanoseconds: 10_000_000) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func waitContainer(_ id: String) async throws(EngineError) -> Int {
        let code = try await fake.waitContainer(id)
        return fault == .waitReturnsZero ? 0 : code
    }

    func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        let upstream = fake.events(project: project, since: since)
        guard fault == .eventsLoseDie else { return upstream }
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        let task = Task {
            do {
                for try await event in upstream where event.action != .die { continuation.yield(event) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func mangle(_ container: ObservedContainer) -> ObservedContainer {
        var container = container
        if fault == .statusIsState { container.status = container.state.rawValue }
        return container
    }
}
