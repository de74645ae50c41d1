extension ComposeLogging: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        driver = reader.string("driver")
        options = reader.stringMap("options")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("driver", driver)
        writer.set("options", options)
        writer.setExtensions(extensions)
        return writer.node
    }
}
