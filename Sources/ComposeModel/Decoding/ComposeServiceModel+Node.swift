extension ComposeServiceModel: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        endpointVariable = reader.string("endpoint_var")
        modelVariable = reader.string("model_var")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("endpoint_var", endpointVariable)
        writer.set("model_var", modelVariable)
        writer.setExtensions(extensions)
        return writer.node
    }
}
