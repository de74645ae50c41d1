import EngineAPI

/// The container side of the protocol. This version of the embedded engine runs no containers, so it has
/// none to observe, and every call that would create or touch one fails with `.unsupported` naming the way
/// out; the commands check `capabilities.containers` first and say so before doing anything.
extension EmbeddedEngine {
    static let noContainers = "the embedded engine does not run containers yet (it pulls, builds, loads, saves and pushes images); "
        + "use --engine docker (or COMPOSE_ENGINE=docker) with a Docker Engine"

    func unsupported(_ resource: ResourceID? = nil) -> EngineError {
        EngineError(.unsupported, Self.noContainers, resource: resource)
    }

    public func observe(project: String) async throws(EngineError) -> ObservedState { ObservedState() }

    public func observeAllProjects() async throws(EngineError) -> [ObservedContainer] { [] }

    public func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] { [] }

    public func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? { nil }

    public func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? { nil }

    public func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails {
        throw EngineError(.notFound, "No such container: \(id)")
    }

    public func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String {
        throw unsupported(ResourceID(.network, spec.name))
    }

    public func removeNetwork(_ name: String) async throws(EngineError) {
        throw EngineError(.notFound, "network \(name) not found", resource: ResourceID(.network, name))
    }

    public func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError) {
        throw unsupported()
    }

    public func disconnect(container: String, from network: String) async throws(EngineError) {
        throw unsupported()
    }

    public func createVolume(_ spec: VolumeSpec) async throws(EngineError) {
        throw unsupported(ResourceID(.volume, spec.name))
    }

    public func removeVolume(_ name: String) async throws(EngineError) {
        throw EngineError(.notFound, "get \(name): no such volume", resource: ResourceID(.volume, name))
    }

    public func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String {
        throw unsupported()
    }

    public func startContainer(_ id: String) async throws(EngineError) { throw noSuchContainer(id) }

    public func stopContainer(_ id: String, timeout: Int?) async throws(EngineError) { throw noSuchContainer(id) }

    public func killContainer(_ id: String, signal: String) async throws(EngineError) { throw noSuchContainer(id) }

    public func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError) { throw noSuchContainer(id) }

    public func renameContainer(_ id: String, to name: String) async throws(EngineError) { throw noSuchContainer(id) }

    public func pauseContainer(_ id: String) async throws(EngineError) { throw noSuchContainer(id) }

    public func unpauseContainer(_ id: String) async throws(EngineError) { throw noSuchContainer(id) }

    public func waitContainer(_ id: String) async throws(EngineError) -> Int { throw noSuchContainer(id) }

    public func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        AsyncThrowingStream { $0.finish(throwing: noSuchContainer(id)) }
    }

    /// No containers, networks or volumes ever change: the stream stays open, empty, until cancelled.
    public func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func noSuchContainer(_ id: String) -> EngineError {
        EngineError(.notFound, "No such container: \(id)")
    }
}
