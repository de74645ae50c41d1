extension ComposeNetwork: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(name: reader.string("name"))
        location = node.location
        driver = reader.string("driver")
        driverOpts = reader.stringMap("driver_opts")
        ipam = reader.object("ipam", as: IPAM.self)
        external = reader.bool("external")
        self.internal = reader.bool("internal")
        attachable = reader.bool("attachable")
        labels = reader.stringMap("labels")
        enableIPv4 = reader.bool("enable_ipv4")
        enableIPv6 = reader.bool("enable_ipv6")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", name)
        writer.set("driver", driver)
        writer.set("driver_opts", driverOpts)
        writer.set("ipam", ipam)
        writer.set("external", external)
        writer.set("internal", self.internal)
        writer.set("attachable", attachable)
        writer.set("labels", labels)
        writer.set("enable_ipv4", enableIPv4)
        writer.set("enable_ipv6", enableIPv6)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeNetwork.IPAM: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        driver = reader.string("driver")
        config = reader.list("config", of: ComposeNetwork.Pool.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("driver", driver)
        writer.set("config", config)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeNetwork.Pool: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        subnet = reader.string("subnet")
        gateway = reader.string("gateway")
        ipRange = reader.string("ip_range")
        auxAddresses = reader.stringMap("aux_addresses")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("subnet", subnet)
        writer.set("gateway", gateway)
        writer.set("ip_range", ipRange)
        writer.set("aux_addresses", auxAddresses)
        writer.setExtensions(extensions)
        return writer.node
    }
}
