extension ComposeDependency: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        condition = reader.closed("condition", as: Condition.self)
        restart = reader.bool("restart")
        required = reader.bool("required") ?? true
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("condition", condition)
        writer.set("restart", restart)
        writer.setExtensions(extensions)
        writer.set("required", required)
        return writer.node
    }
}
