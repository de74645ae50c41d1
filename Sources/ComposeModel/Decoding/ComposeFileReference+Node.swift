extension ComposeFileReference: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        source = reader.string("source")
        target = reader.string("target")
        uid = reader.string("uid")
        gid = reader.string("gid")
        mode = reader.fileMode("mode")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("source", source)
        writer.set("target", target)
        writer.set("uid", uid)
        writer.set("gid", gid)
        writer.setFileMode("mode", mode)
        writer.setExtensions(extensions)
        return writer.node
    }
}
