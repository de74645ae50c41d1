extension ComposeVolume: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(name: reader.string("name"))
        location = node.location
        driver = reader.string("driver")
        driverOpts = reader.stringMap("driver_opts")
        external = reader.bool("external")
        labels = reader.stringMap("labels")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", name)
        writer.set("driver", driver)
        writer.set("driver_opts", driverOpts)
        writer.set("external", external)
        writer.set("labels", labels)
        writer.setExtensions(extensions)
        return writer.node
    }
}
