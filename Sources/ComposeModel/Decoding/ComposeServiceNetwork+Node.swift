extension ComposeServiceNetwork: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        aliases = reader.strings("aliases")
        driverOpts = reader.stringMap("driver_opts")
        gatewayPriority = reader.int("gw_priority")
        interfaceName = reader.string("interface_name")
        ipv4Address = reader.string("ipv4_address")
        ipv6Address = reader.string("ipv6_address")
        linkLocalIPs = reader.strings("link_local_ips")
        macAddress = reader.string("mac_address")
        priority = reader.int("priority")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("aliases", aliases)
        writer.set("driver_opts", driverOpts)
        writer.set("gw_priority", gatewayPriority)
        writer.set("interface_name", interfaceName)
        writer.set("ipv4_address", ipv4Address)
        writer.set("ipv6_address", ipv6Address)
        writer.set("link_local_ips", linkLocalIPs)
        writer.set("mac_address", macAddress)
        writer.set("priority", priority)
        writer.setExtensions(extensions)
        return writer.node
    }
}
