extension ComposeBlkioConfig: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        weight = reader.int("weight")
        weightDevice = reader.list("weight_device", of: WeightDevice.self)
        deviceReadBps = reader.list("device_read_bps", of: ThrottleDevice.self)
        deviceReadIOps = reader.list("device_read_iops", of: ThrottleDevice.self)
        deviceWriteBps = reader.list("device_write_bps", of: ThrottleDevice.self)
        deviceWriteIOps = reader.list("device_write_iops", of: ThrottleDevice.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("weight", weight)
        writer.set("weight_device", weightDevice)
        writer.set("device_read_bps", deviceReadBps)
        writer.set("device_read_iops", deviceReadIOps)
        writer.set("device_write_bps", deviceWriteBps)
        writer.set("device_write_iops", deviceWriteIOps)
        writer.setExtensions(extensions)
        return writer.node
    }
}

// compose-go's WeightDevice and ThrottleDevice have no json tags, so the printed keys are the Go field
// names `Path`, `Weight`, `Rate`; the lower-case schema spelling is read too.

extension ComposeBlkioConfig.WeightDevice: ComposeNodeCodable {
    private static func hasBothFields(_ mapping: ComposeMapping) -> Bool {
        (mapping["Path"] ?? mapping["path"]) != nil && (mapping["Weight"] ?? mapping["weight"]) != nil
    }

    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        let devicePath = reader.string("Path") ?? reader.string("path")
        let weight = reader.int("Weight") ?? reader.int("weight")
        guard let devicePath, let weight else {
            // A present but invalid value was reported already; only report what is missing.
            if !Self.hasBothFields(reader.mapping) {
                context.fail(at: node.location, path, "weight_device entry needs a path and a weight")
            }
            return nil
        }
        self.init(path: devicePath, weight: weight)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("Path", path)
        writer.set("Weight", weight)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeBlkioConfig.ThrottleDevice: ComposeNodeCodable {
    private static func hasBothFields(_ mapping: ComposeMapping) -> Bool {
        (mapping["Path"] ?? mapping["path"]) != nil && (mapping["Rate"] ?? mapping["rate"]) != nil
    }

    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        let devicePath = reader.string("Path") ?? reader.string("path")
        let rate = reader.byteSize("Rate") ?? reader.byteSize("rate")
        guard let devicePath, let rate else {
            // A present but invalid value was reported already; only report what is missing.
            if !Self.hasBothFields(reader.mapping) {
                context.fail(at: node.location, path, "throttle device entry needs a path and a rate")
            }
            return nil
        }
        self.init(path: devicePath, rate: rate)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("Path", path)
        writer.set("Rate", rate)
        writer.setExtensions(extensions)
        return writer.node
    }
}
