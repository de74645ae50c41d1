extension ComposeBuild: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        self.context = reader.string("context")
        dockerfile = reader.string("dockerfile")
        dockerfileInline = reader.string("dockerfile_inline")
        entitlements = reader.strings("entitlements")
        args = reader.nullableStringMap("args")
        provenance = reader.string("provenance")
        sbom = reader.string("sbom")
        ssh = reader.list("ssh", of: ComposeSSHKey.self)
        labels = reader.stringMap("labels")
        cacheFrom = reader.strings("cache_from")
        cacheTo = reader.strings("cache_to")
        noCache = reader.bool("no_cache")
        additionalContexts = reader.stringMap("additional_contexts")
        pull = reader.bool("pull")
        extraHosts = reader.list("extra_hosts", of: ComposeExtraHost.self)
        isolation = reader.string("isolation")
        network = reader.string("network")
        target = reader.string("target")
        secrets = reader.list("secrets", of: ComposeFileReference.self)
        shmSize = reader.byteSize("shm_size")
        tags = reader.strings("tags")
        ulimits = reader.map("ulimits", of: ComposeUlimit.self)
        platforms = reader.strings("platforms")
        privileged = reader.bool("privileged")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("context", context)
        writer.set("dockerfile", dockerfile)
        writer.set("dockerfile_inline", dockerfileInline)
        writer.set("entitlements", entitlements)
        writer.set("args", args)
        writer.set("provenance", provenance)
        writer.set("sbom", sbom)
        writer.set("ssh", ssh)
        writer.set("labels", labels)
        writer.set("cache_from", cacheFrom)
        writer.set("cache_to", cacheTo)
        writer.set("no_cache", noCache)
        writer.set("additional_contexts", additionalContexts)
        writer.set("pull", pull)
        writer.set("extra_hosts", extraHosts)
        writer.set("isolation", isolation)
        writer.set("network", network)
        writer.set("target", target)
        writer.set("secrets", secrets)
        writer.set("shm_size", shmSize)
        writer.set("tags", tags)
        writer.set("ulimits", ulimits)
        writer.set("platforms", platforms)
        writer.set("privileged", privileged)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeSSHKey: ComposeNodeCodable {
    /// `default`, `id: path` (compose-go's printed form), `id=path` (the compose-file form), or a
    /// one-entry mapping `{id: path}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if let mapping = node.mapping {
            guard mapping.count == 1, let id = mapping.keys.first, let value = mapping[id] else {
                context.fail(at: node.location, path, "an ssh entry must have exactly one key")
                return nil
            }
            if value.isNull {
                self.init(id: id)
                return
            }
            guard let keyPath = context.string(value, ComposeDecodingContext.child(path, id)) else { return nil }
            self.init(id: id, path: keyPath)
            return
        }
        guard let text = context.string(node, path) else { return nil }
        if let range = text.firstRange(of: ": ") {
            self.init(id: String(text[..<range.lowerBound]), path: String(text[range.upperBound...]))
        } else if let separator = text.firstIndex(of: "=") {
            self.init(id: String(text[..<separator]), path: String(text[text.index(after: separator)...]))
        } else {
            self.init(id: text)
        }
    }

    /// compose-go prints `id` alone or `id: path`.
    var composeNode: ComposeNode {
        .string(path.map { "\(id): \($0)" } ?? id)
    }
}

extension ComposeExtraHost: ComposeNodeCodable {
    /// `host=address` (compose-go's printed form); `host:address` is also read for hand-written trees.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard let text = context.string(node, path) else { return nil }
        guard let separator = text.firstIndex(of: "=") ?? text.firstIndex(of: ":") else {
            context.fail(at: node.location, path, "invalid extra host \"\(text)\": missing address")
            return nil
        }
        self.init(host: String(text[..<separator]), address: String(text[text.index(after: separator)...]))
    }

    var composeNode: ComposeNode { .string(description) }
}
