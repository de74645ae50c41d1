import ComposeModel

/// The whole-project steps after merging: default values, relative paths made absolute, the project name,
/// default network, resource names, and values rendered as compose-go's model prints them.
///
/// Every step is a pure function of the tree; nodes keep their locations, and values added here take the
/// location of the node they belong to.
public enum ProjectNormalizer {
    /// compose-go's transform.SetDefaultValues: build context, secret targets, port protocol/mode,
    /// device request counts.
    public static func setDefaults(_ project: ComposeNode) throws -> ComposeNode {
        guard var top = project.mapping, let servicesNode = top["services"], var services = servicesNode.mapping else {
            return project
        }
        for name in services.keys {
            guard let service = services[name], var map = service.mapping else { continue }
            if let build = map["build"], var buildMap = build.mapping {
                if buildMap["context"] == nil { buildMap["context"] = .string(".", at: build.location) }
                map["build"] = build.with(.mapping(buildMap))
            }
            if let secrets = map["secrets"], let items = secrets.sequence {
                map["secrets"] = secrets.with(.sequence(items.map(defaultSecretTarget)))
            }
            if let ports = map["ports"], let items = ports.sequence {
                map["ports"] = ports.with(.sequence(items.map(defaultPort)))
            }
            if let gpus = map["gpus"], let items = gpus.sequence {
                map["gpus"] = gpus.with(.sequence(items.map(defaultDeviceCount)))
            }
            if let deploy = map["deploy"], var deployMap = deploy.mapping,
               let resources = deployMap["resources"], var resourcesMap = resources.mapping,
               let reservations = resourcesMap["reservations"], var reservationsMap = reservations.mapping,
               let devices = reservationsMap["devices"], let items = devices.sequence {
                reservationsMap["devices"] = devices.with(.sequence(items.map(defaultDeviceCount)))
                resourcesMap["reservations"] = reservations.with(.mapping(reservationsMap))
                deployMap["resources"] = resources.with(.mapping(resourcesMap))
                map["deploy"] = deploy.with(.mapping(deployMap))
            }
            services.set(name, service.with(.mapping(map)), keyLocation: services.keyLocation(name))
        }
        top.set("services", servicesNode.with(.mapping(services)), keyLocation: top.keyLocation("services"))
        return project.with(.mapping(top))
    }

    private static func defaultSecretTarget(_ secret: ComposeNode) -> ComposeNode {
        guard var map = secret.mapping, map["target"] == nil else { return secret }
        let source = map["source"]?.scalarText ?? "%!s(<nil>)"
        map["target"] = .string("/run/secrets/\(source)", at: secret.location)
        return secret.with(.mapping(map))
    }

    private static func defaultPort(_ port: ComposeNode) -> ComposeNode {
        guard var map = port.mapping else { return port }
        if map["protocol"] == nil { map["protocol"] = .string("tcp", at: port.location) }
        if map["mode"] == nil { map["mode"] = .string("ingress", at: port.location) }
        return port.with(.mapping(map))
    }

    private static func defaultDeviceCount(_ device: ComposeNode) -> ComposeNode {
        guard var map = device.mapping else { return device }
        if map["count"] == nil && map["device_ids"] == nil {
            map["count"] = .string("all", at: device.location)
        }
        return device.with(.mapping(map))
    }
}

