extension ComposeCredentialSpec: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        config = reader.string("config")
        file = reader.string("file")
        registry = reader.string("registry")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("config", config)
        writer.set("file", file)
        writer.set("registry", registry)
        writer.setExtensions(extensions)
        return writer.node
    }
}
