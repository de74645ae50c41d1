extension ComposePort: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        location = node.location
        name = reader.string("name")
        mode = reader.string("mode").map(Mode.init(rawValue:))
        hostIP = reader.string("host_ip")
        target = reader.int("target")
        published = reader.string("published")
        portProtocol = reader.string("protocol").map(PortProtocol.init(rawValue:))
        appProtocol = reader.string("app_protocol")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", name)
        writer.set("mode", mode)
        writer.set("host_ip", hostIP)
        writer.set("target", target)
        writer.set("published", published)
        writer.set("protocol", portProtocol)
        writer.set("app_protocol", appProtocol)
        writer.setExtensions(extensions)
        return writer.node
    }
}
