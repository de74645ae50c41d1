extension ComposeUlimit: ComposeNodeCodable {
    /// An integer (one value for both limits) or `{soft, hard}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if node.mapping == nil {
            guard let value = context.int(node, path) else { return nil }
            self.init(single: value)
            return
        }
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(soft: reader.int("soft"), hard: reader.int("hard"))
        single = reader.int("single")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        if let single, soft == nil, hard == nil, extensions.isEmpty { return .int(single) }
        var writer = ComposeMappingWriter()
        writer.set("single", single)
        writer.set("soft", soft)
        writer.set("hard", hard)
        writer.setExtensions(extensions)
        return writer.node
    }
}
