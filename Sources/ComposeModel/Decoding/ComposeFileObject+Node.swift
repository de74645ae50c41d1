extension ComposeFileObject: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(name: reader.string("name"))
        location = node.location
        file = reader.string("file")
        environment = reader.string("environment")
        content = reader.string("content")
        external = reader.bool("external")
        labels = reader.stringMap("labels")
        driver = reader.string("driver")
        driverOpts = reader.stringMap("driver_opts")
        templateDriver = reader.string("template_driver")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", name)
        writer.set("file", file)
        writer.set("environment", environment)
        writer.set("content", content)
        writer.set("external", external)
        writer.set("labels", labels)
        writer.set("driver", driver)
        writer.set("driver_opts", driverOpts)
        writer.set("template_driver", templateDriver)
        writer.setExtensions(extensions)
        return writer.node
    }
}
