extension ComposeModelDefinition: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(model: nil)
        location = node.location
        name = reader.string("name")
        model = reader.string("model")
        contextSize = reader.int("context_size")
        runtimeFlags = reader.strings("runtime_flags")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", name)
        writer.set("model", model)
        writer.set("context_size", contextSize)
        writer.set("runtime_flags", runtimeFlags)
        writer.setExtensions(extensions)
        return writer.node
    }
}
