import EngineAPI

/// Building and removing local images, with dockerd's rules for tags and images in use.
extension FakeEngineStore {
    /// Registers every tag of `spec` as a local image whose id depends only on what would go into the image
    /// (not on the tags), and returns it with the builder's output lines.
    mutating func buildImage(_ spec: BuildSpec) throws(EngineError) -> (id: String, output: [String]) {
        guard capabilities.build else {
            throw EngineError(.unsupported, "this engine cannot build images", resource: spec.tags.first.map { ResourceID(.image, $0) })
        }
        var references: [String] = []
        for tag in spec.tags {
            guard let reference = ImageReference(parsing: tag), reference.digest == nil else {
                throw EngineError(.invalidArgument, "invalid tag \(tag): invalid reference format", resource: ResourceID(.image, tag))
            }
            references.append(reference.description)
        }
        let id = "sha256:" + FakeIdentifiers.hex64("build:" + Self.buildInputs(spec))
        if references.isEmpty {
            images[id] = id  // an untagged image is known by its id only
        }
        for reference in references { images[reference] = id }
        let short = String(id.dropFirst("sha256:".count).prefix(12))
        let dockerfile = spec.dockerfileInline == nil ? spec.dockerfile ?? "Dockerfile" : "(inline Dockerfile)"
        let output = ["Sending build context \(spec.context) to the fake engine", "Building \(dockerfile)",
                      "Successfully built \(short)"] + spec.tags.map { "Successfully tagged \($0)" }
        return (id, output)
    }

    private static func buildInputs(_ spec: BuildSpec) -> String {
        var parts = ["context=\(spec.context)", "dockerfile=\(spec.dockerfile ?? "")", "inline=\(spec.dockerfileInline ?? "")",
                     "target=\(spec.target ?? "")", "platform=\(spec.platform ?? "")"]
        parts += spec.args.map { "arg=\($0.name)=\($0.value)" }
        parts += spec.labels.sorted { $0.key < $1.key }.map { "label=\($0.key)=\($0.value)" }
        return parts.joined(separator: "\n")
    }

    /// dockerd's `DELETE /images/{name}`: a tag is untagged (refused without force when it is the image's
    /// last tag and a container uses the image); an id removes the image with all its tags (refused without
    /// force when several tags or any container use it, and even with force while a container runs it).
    /// An image that loses its last tag but is still used stays, dangling, known by its id.
    mutating func removeImage(_ reference: String, force: Bool) throws(EngineError) {
        let resource = ResourceID(.image, reference)
        let normalized = FakeIdentifiers.normalizedReference(reference)
        // A bare hex string is an id prefix unless it is also a tag the engine has.
        let byID = reference.hasPrefix("sha256:")
            || (reference.count >= 4 && reference.allSatisfy(\.isHexDigit) && images[normalized] == nil)
        let id: String
        if byID {
            let full = reference.hasPrefix("sha256:") ? reference : "sha256:" + reference
            let matches = Set(images.values.filter { $0.hasPrefix(full) })
            guard matches.count == 1, let only = matches.first else {
                throw EngineError(.notFound, "No such image: \(reference)", resource: resource)
            }
            id = only
        } else {
            guard let tagged = images[normalized] else {
                throw EngineError(.notFound, "No such image: \(reference)", resource: resource)
            }
            id = tagged
        }
        let tags = images.filter { $0.value == id && $0.key != id }.map(\.key).sorted()
        let users = containers.filter { $0.imageID == id }
        let short = String(id.dropFirst("sha256:".count).prefix(12))
        if !byID {
            if !force, tags.count == 1, let user = users.first {
                throw EngineError(.conflict, "conflict: unable to remove repository reference \"\(reference)\" (must force) - "
                                  + "container \(user.id.prefix(12)) is using its referenced image \(short)", resource: resource)
            }
            images[normalized] = nil
            if tags.count > 1 { return }
            if users.isEmpty { images[id] = nil } else { images[id] = id }
            return
        }
        if let running = users.first(where: \.isActive) {
            throw EngineError(.conflict, "conflict: unable to delete \(short) (cannot be forced) - image is being used by running container "
                              + "\(running.id.prefix(12))", resource: resource)
        }
        if !force {
            if tags.count > 1 {
                throw EngineError(.conflict, "conflict: unable to delete \(short) (must be forced) - image is referenced in multiple repositories",
                                  resource: resource)
            }
            if let user = users.first {
                throw EngineError(.conflict, "conflict: unable to delete \(short) (must be forced) - image is being used by stopped container "
                                  + "\(user.id.prefix(12))", resource: resource)
            }
        }
        images = images.filter { $0.value != id }
    }
}

/// Inspecting and pushing: the fake registry receives what is pushed, so a later pull finds it.
extension FakeEngineStore {
    func inspectImage(_ reference: String) -> ImageDetails? {
        guard let id = imageID(reference) else { return nil }
        let tags = images.filter { $0.value == id && $0.key != id }.map(\.key).sorted()
        return ImageDetails(id: id, references: tags, os: "linux", architecture: "amd64", size: 1_024,
                            created: "2026-01-01T00:00:00Z")
    }

    mutating func pushImage(_ reference: String) throws(EngineError) {
        let resource = ResourceID(.image, reference)
        guard let parsed = ImageReference(parsing: reference) else {
            throw EngineError(.invalidArgument, "invalid reference format: \(reference)", resource: resource)
        }
        guard let id = images[parsed.description] else {
            throw EngineError(.notFound, "An image does not exist locally with the tag: \(reference)", resource: resource)
        }
        registry[parsed.description] = id
    }
}
