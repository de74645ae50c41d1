import EngineAPI

/// Pulling, pushing and building: wired to the registry client and the builder.
extension EmbeddedEngine {
    public func pullImage(_ reference: String) async throws(EngineError) {
        throw EngineError(.unsupported, "pull is not wired yet", resource: ResourceID(.image, reference))
    }

    public func pushImage(_ reference: String) async throws(EngineError) {
        throw EngineError(.unsupported, "push is not wired yet", resource: ResourceID(.image, reference))
    }

    public func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String {
        throw EngineError(.unsupported, "build is not wired yet")
    }
}
