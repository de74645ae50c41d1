// TEMPORARY while the engines gain these calls; deleted before this work lands (an engine without them
// must fail to compile, not fail at run time).
extension ContainerEngine {
    public func observeAllProjects() async throws(EngineError) -> [ObservedContainer] { throw Self.pending() }
    public func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] { throw Self.pending() }
    public func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? { throw Self.pending() }
    public func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? { throw Self.pending() }
    public func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails { throw Self.pending() }
    public func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String { throw Self.pending() }
    public func removeImage(_ reference: String, force: Bool) async throws(EngineError) { throw Self.pending() }
    public func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        AsyncThrowingStream { $0.finish(throwing: Self.pending()) }
    }
    public func waitContainer(_ id: String) async throws(EngineError) -> Int { throw Self.pending() }
    public func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: Self.pending()) }
    }
    private static func pending() -> EngineError { EngineError(.unsupported, "not implemented yet") }
}
