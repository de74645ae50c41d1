extension ComposeDeviceRequest: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        capabilities = reader.strings("capabilities")
        driver = reader.string("driver")
        if let countNode = reader.take("count") {
            // compose-go prints -1 for `all`; a hand-written tree may still say `all`.
            if countNode.string?.lowercased() == "all" {
                count = -1
            } else {
                count = context.int(countNode, reader.childPath("count"))
            }
        }
        deviceIDs = reader.strings("device_ids")
        options = reader.stringMap("options")
        // compose-go's DeviceRequest has no extension field: an `x-` key here would be lost.
        for (key, _) in reader.finish() {
            context.fail(at: reader.mapping.keyLocation(key), reader.childPath(key), "unknown key \"\(key)\"")
        }
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("capabilities", capabilities)
        writer.set("driver", driver)
        writer.set("count", count)
        writer.set("device_ids", deviceIDs)
        writer.set("options", options)
        return writer.node
    }
}
