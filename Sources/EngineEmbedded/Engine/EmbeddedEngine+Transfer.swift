import EngineAPI

/// Pulling, pushing and building: wired to the registry client and the builder.
extension EmbeddedEngine {
    /// Pulls into the store (resuming what an interrupted pull left) and unpacks the layers.
    public func pullImage(_ reference: String) async throws(EngineError) {
        let resource = ResourceID(.image, reference)
        guard let parsed = ImageReference(parsing: reference) else {
            throw EngineError(.invalidArgument, "invalid reference format: \(reference)", resource: resource)
        }
        let client = try registryClient()
        do throws(EngineError) {
            let record = try await ImagePuller(client: client, store: images, platform: platform).pull(parsed)
            try unpackLayers(of: record)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Pushes a local image to the registry its name points at.
    public func pushImage(_ reference: String) async throws(EngineError) {
        let resource = ResourceID(.image, reference)
        guard let parsed = ImageReference(parsing: reference) else {
            throw EngineError(.invalidArgument, "invalid reference format: \(reference)", resource: resource)
        }
        guard let record = try images.record(for: parsed) else {
            throw EngineError(.notFound, "An image does not exist locally with the tag: \(reference)", resource: resource)
        }
        let client = try registryClient()
        do throws(EngineError) {
            try await ImagePusher(client: client, store: images).push(record, to: parsed)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// A client with the user's registry credentials and insecure registries.
    func registryClient() throws(EngineError) -> RegistryClient {
        var hosts = RegistryHosts.fromEnvironment()
        hosts.insecure += RegistryHosts(insecure: insecureRegistries).insecure
        return RegistryClient(hosts: hosts, credentials: try RegistryCredentials.fromEnvironment())
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
