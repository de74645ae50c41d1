extension ComposeExtends: ComposeNodeCodable {
    /// A service name or `{service, file}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if node.mapping == nil {
            guard let service = context.string(node, path) else { return nil }
            self.init(service: service)
            return
        }
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        guard let service = reader.string("service") else {
            context.fail(at: node.location, path, "extends without a service")
            return nil
        }
        self.init(service: service, file: reader.string("file"))
        for (key, _) in reader.finish() {
            context.fail(at: reader.mapping.keyLocation(key), reader.childPath(key), "unknown key \"\(key)\"")
        }
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("file", file)
        writer.set("service", service)
        return writer.node
    }
}
