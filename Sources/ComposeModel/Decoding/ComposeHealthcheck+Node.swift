extension ComposeHealthcheck: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        test = reader.strings("test")
        timeout = reader.duration("timeout")
        interval = reader.duration("interval")
        retries = reader.int("retries")
        startPeriod = reader.duration("start_period")
        startInterval = reader.duration("start_interval")
        disable = reader.bool("disable")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("test", test)
        writer.set("timeout", timeout)
        writer.set("interval", interval)
        writer.set("retries", retries)
        writer.set("start_period", startPeriod)
        writer.set("start_interval", startInterval)
        writer.set("disable", disable)
        writer.setExtensions(extensions)
        return writer.node
    }
}
