// Codable conformances of the small parts of a service: each reads one mapping and writes it back in
// compose-go's field order.

extension ComposeLogging: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        driver = reader.string("driver")
        options = reader.stringMap("options")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("driver", driver)
        writer.set("options", options)
        writer.setExtensions(extensions)
        return writer.node
    }
}

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

extension ComposeUlimit: ComposeNodeCodable {
    /// An integer (one value for both limits) or `{soft, hard}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if node.mapping == nil {
            guard let value = context.int(node, path) else { return nil }
            self.init(single: value)
            return
        }
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(soft: reader.int("soft"), hard: reader.int("hard"))
        single = reader.int("single")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        if let single, soft == nil, hard == nil, extensions.isEmpty { return .int(single) }
        var writer = ComposeMappingWriter()
        writer.set("single", single)
        writer.set("soft", soft)
        writer.set("hard", hard)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeviceMapping: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        source = reader.string("source")
        target = reader.string("target")
        permissions = reader.string("permissions")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("source", source)
        writer.set("target", target)
        writer.set("permissions", permissions)
        writer.setExtensions(extensions)
        return writer.node
    }
}

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

extension ComposeCredentialSpec: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        config = reader.string("config")
        file = reader.string("file")
        registry = reader.string("registry")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("config", config)
        writer.set("file", file)
        writer.set("registry", registry)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceHook: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(command: reader.nullableStrings("command"))
        user = reader.string("user")
        privileged = reader.bool("privileged")
        workingDir = reader.string("working_dir")
        environment = reader.nullableStringMap("environment")
        extensions = reader.finish()
    }

    /// `command` has no `omitempty` in compose-go: always written, null when unset.
    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.setNullable("command", command)
        writer.set("user", user)
        writer.set("privileged", privileged)
        writer.set("working_dir", workingDir)
        writer.set("environment", environment)
        writer.setExtensions(extensions)
        return writer.node
    }
}

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

extension ComposeExtends: ComposeNodeCodable {
    /// A service name or `{service, file}`.
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        if node.mapping == nil {
            guard let service = context.string(node, path) else { return nil }
            self.init(service: service)
            return
        }
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        guard let service = reader.string("service") else {
            context.fail(at: node.location, path, "extends without a service")
            return nil
        }
        self.init(service: service, file: reader.string("file"))
        for (key, _) in reader.finish() {
            context.fail(at: reader.mapping.keyLocation(key), reader.childPath(key), "unknown key \"\(key)\"")
        }
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("file", file)
        writer.set("service", service)
        return writer.node
    }
}

extension ComposeServiceProvider: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        type = reader.string("type")
        if let optionsNode = reader.take("options"),
           let mapping = context.mapping(optionsNode, reader.childPath("options")) {
            for (key, value) in mapping {
                let valuePath = ComposeDecodingContext.child(reader.childPath("options"), key)
                // compose-go's MultiOptions takes one value or a list of values.
                if value.sequence != nil {
                    options[key] = context.strings(value, valuePath)
                } else if let text = value.scalarText {
                    options[key] = [text]
                } else {
                    context.wrongType(value, valuePath, expected: "a string or an array")
                }
            }
        }
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("type", type)
        if !options.isEmpty {
            var mapping = ComposeMapping()
            for key in options.keys.sorted() {
                mapping[key] = ComposeMappingWriter.strings(options[key] ?? [])
            }
            writer.set("options", .mapping(mapping))
        }
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeServiceModel: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        endpointVariable = reader.string("endpoint_var")
        modelVariable = reader.string("model_var")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("endpoint_var", endpointVariable)
        writer.set("model_var", modelVariable)
        writer.setExtensions(extensions)
        return writer.node
    }
}
