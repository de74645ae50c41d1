import EngineAPI

/// Pulling, pushing and building: wired to the registry client and the builder.
extension EmbeddedEngine {
    /// Pulls into the store (resuming what an interrupted pull left) and unpacks the layers.
    public func pullImage(_ reference: String) async throws(EngineError) {
        let resource = ResourceID(.image, reference)
        guard let parsed = ImageReference(parsing: reference) else {
            throw EngineError(.invalidArgument, "invalid reference format: \(reference)", resource: resource)
        }
        try await withRegistryClient { (client) throws(EngineError) in
            let record = try await ImagePuller(client: client, store: images, platform: platform).pull(parsed)
            try unpackLayers(of: record)
        }
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
        try await withRegistryClient { (client) throws(EngineError) in
            try await ImagePusher(client: client, store: images).push(record, to: parsed)
        }
    }

    /// Runs `body` with a client carrying the user's registry credentials and insecure registries, and shuts
    /// the client down afterwards, whether `body` succeeded or not.
    func withRegistryClient(_ body: (RegistryClient) async throws(EngineError) -> Void) async throws(EngineError) {
        var hosts = RegistryHosts.fromEnvironment()
        hosts.insecure += RegistryHosts(insecure: insecureRegistries).insecure
        let client = RegistryClient(hosts: hosts, credentials: try RegistryCredentials.fromEnvironment())
        do throws(EngineError) {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
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
