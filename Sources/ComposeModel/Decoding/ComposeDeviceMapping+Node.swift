extension ComposeDeviceMapping: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        source = reader.string("source")
        target = reader.string("target")
        permissions = reader.string("permissions")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("source", source)
        writer.set("target", target)
        writer.set("permissions", permissions)
        writer.setExtensions(extensions)
        return writer.node
    }
}
