extension ComposeDeploy: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        mode = reader.string("mode")
        replicas = reader.int("replicas")
        labels = reader.stringMap("labels")
        updateConfig = reader.object("update_config", as: UpdateConfig.self)
        rollbackConfig = reader.object("rollback_config", as: UpdateConfig.self)
        resources = reader.object("resources", as: Resources.self)
        restartPolicy = reader.object("restart_policy", as: RestartPolicy.self)
        placement = reader.object("placement", as: Placement.self)
        endpointMode = reader.string("endpoint_mode")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("mode", mode)
        writer.set("replicas", replicas)
        writer.set("labels", labels)
        writer.set("update_config", updateConfig)
        writer.set("rollback_config", rollbackConfig)
        writer.set("resources", resources)
        writer.set("restart_policy", restartPolicy)
        writer.set("placement", placement)
        writer.set("endpoint_mode", endpointMode)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.UpdateConfig: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        parallelism = reader.int("parallelism")
        delay = reader.duration("delay")
        failureAction = reader.string("failure_action")
        monitor = reader.duration("monitor")
        maxFailureRatio = reader.double("max_failure_ratio")
        order = reader.string("order")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("parallelism", parallelism)
        writer.set("delay", delay)
        writer.set("failure_action", failureAction)
        writer.set("monitor", monitor)
        writer.set("max_failure_ratio", maxFailureRatio)
        writer.set("order", order)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.Resources: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        limits = reader.object("limits", as: ComposeDeploy.Resource.self)
        reservations = reader.object("reservations", as: ComposeDeploy.Resource.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("limits", limits)
        writer.set("reservations", reservations)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.Resource: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        cpus = reader.double("cpus")
        memory = reader.byteSize("memory")
        pids = reader.int("pids")
        devices = reader.list("devices", of: ComposeDeviceRequest.self)
        genericResources = reader.list("generic_resources", of: ComposeDeploy.GenericResource.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("cpus", cpus)
        writer.set("memory", memory)
        writer.set("pids", pids)
        writer.set("devices", devices)
        writer.set("generic_resources", genericResources)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.GenericResource: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        discreteResourceSpec = reader.object("discrete_resource_spec", as: ComposeDeploy.DiscreteResourceSpec.self)
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("discrete_resource_spec", discreteResourceSpec)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.DiscreteResourceSpec: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init(kind: reader.string("kind") ?? "", value: reader.int("value") ?? 0)
        extensions = reader.finish()
    }

    /// `kind` and `value` have no `omitempty` in compose-go: always written.
    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("kind", kind)
        writer.set("value", value)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.RestartPolicy: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        condition = reader.string("condition")
        delay = reader.duration("delay")
        maxAttempts = reader.int("max_attempts")
        window = reader.duration("window")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("condition", condition)
        writer.set("delay", delay)
        writer.set("max_attempts", maxAttempts)
        writer.set("window", window)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.Placement: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        constraints = reader.strings("constraints")
        preferences = reader.list("preferences", of: ComposeDeploy.Preference.self)
        maxReplicasPerNode = reader.int("max_replicas_per_node")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("constraints", constraints)
        writer.set("preferences", preferences)
        writer.set("max_replicas_per_node", maxReplicasPerNode)
        writer.setExtensions(extensions)
        return writer.node
    }
}

extension ComposeDeploy.Preference: ComposeNodeCodable {
    init?(node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard var reader = ComposeMappingReader(node, path: path, context: context) else { return nil }
        self.init()
        spread = reader.string("spread")
        extensions = reader.finish()
    }

    var composeNode: ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("spread", spread)
        writer.setExtensions(extensions)
        return writer.node
    }
}
