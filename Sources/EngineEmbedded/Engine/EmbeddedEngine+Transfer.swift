import EngineAPI

/// Pulling, pushing and building: wired to the registry client and the builder.
extension EmbeddedEngine {
    public func pullImage(_ reference: String) async throws(EngineError) {
        throw EngineError(.unsupported, "pull is not wired yet", resource: ResourceID(.image, reference))
    }

    public func pushImage(_ reference: String) async throws(EngineError) {
        throw EngineError(.unsupported, "push is not wired yet", resource: ResourceID(.image, reference))
    }

    /// Builds with the Dockerfile builder (RUN steps in runc containers); a missing base image is pulled.
    public func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String {
        let engine = self
        let id = try await ImageBuilder(stateDirectory: stateDirectory).build(spec, output: output) { reference in
            try await engine.pullImage(reference.description)
        }
        // Unpacked now, so a container starts from the result without waiting.
        if let record = try images.record(id: id) { try unpackLayers(of: record) }
        return id
    }
}
