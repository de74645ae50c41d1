extension ComposeEnvFile: ComposeNodeCodable {
    /// A path (required) or `{path, required, format}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if node.mapping == nil {
            guard let filePath = context.string(node, path) else { return nil }
            self.init(path: filePath)
            return
        }
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        guard let filePath = reader.string("path") else {
            context.fail(at: node.location, path, "env_file entry without a path")
            return nil
        }
        self.init(path: filePath, required: reader.bool("required") ?? true, format: reader.string("format"))
        for (key, _) in reader.finish() {
            context.fail(at: reader.mapping.keyLocation(key), reader.childPath(key), "unknown key \"\(key)\"")
        }
    }

    /// The bare path when required (as compose-go prints it), the mapping otherwise.
    var composeNode: ComposeNode {
        if required, format == nil { return .string(path) }
        var writer = ComposeMappingWriter()
        writer.set("path", path)
        writer.set("required", required)
        writer.set("format", format)
        return writer.node
    }
}
