import ComposeModel

extension ProjectNormalizer {
    /// compose-go's loader.Normalize: the project name, the implicit `default` network, pull policy
    /// aliases, build defaults and args, environment from the project environment, implicit
    /// dependencies (links, `service:` namespaces, volumes_from), clean volume targets, resource names.
    public static func normalize(_ project: ComposeNode, name: String, context: LoadContext) throws -> ComposeNode {
        guard var top = project.mapping else { return project }
        var problems: [Diagnostic] = []
        top["name"] = .string(name, at: top["name"]?.location ?? project.location)
        normalizeNetworks(&top, at: project.location)
        if let servicesNode = top["services"], var services = servicesNode.mapping {
            for serviceName in services.keys {
                guard let service = services[serviceName], let map = service.mapping else { continue }
                var normalized = normalizeService(map, at: service.location, environment: context.environment)
                keyValueListsToMappings(&normalized, path: "services.\(serviceName)", problems: &problems)
                services.set(serviceName, service.with(.mapping(normalized)), keyLocation: services.keyLocation(serviceName))
            }
            top.set("services", servicesNode.with(.mapping(services)), keyLocation: top.keyLocation("services"))
        }
        setNamesFromKeys(&top, project: name)
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return project.with(.mapping(top))
    }

    /// The `KEY=value` list to mapping step of `normalize` on its own (idempotent), for loads that skip
    /// normalisation but still resolve service environments.
    public static func keyValueMappings(_ project: ComposeNode) throws -> ComposeNode {
        guard var top = project.mapping, let servicesNode = top["services"], var services = servicesNode.mapping else {
            return project
        }
        var problems: [Diagnostic] = []
        for name in services.keys {
            guard let service = services[name], var map = service.mapping else { continue }
            keyValueListsToMappings(&map, path: "services.\(name)", problems: &problems)
            services.set(name, service.with(.mapping(map)), keyLocation: services.keyLocation(name))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        top.set("services", servicesNode.with(.mapping(services)), keyLocation: top.keyLocation("services"))
        return project.with(.mapping(top))
    }

    /// `KEY=value` lists as mappings, the form environment resolution and label files work on. compose-go
    /// keeps the lists until its typed decoding, which prints the same; converting earlier would change
    /// how an included file's bare keys resolve. A bare `KEY` is null for environment and args, "" for labels.
    static func keyValueListsToMappings(_ service: inout ComposeMapping, path: String, problems: inout [Diagnostic]) {
        for (key, bareKeyIsNull) in [("environment", true), ("labels", false)] {
            if let node = service[key] {
                service[key] = listToMapping(node, path: "\(path).\(key)", bareKeyIsNull: bareKeyIsNull, problems: &problems)
            }
        }
        if let build = service["build"], var map = build.mapping {
            for (key, bareKeyIsNull) in [("args", true), ("labels", false)] {
                if let node = map[key] {
                    map[key] = listToMapping(node, path: "\(path).build.\(key)", bareKeyIsNull: bareKeyIsNull, problems: &problems)
                }
            }
            service["build"] = build.with(.mapping(map))
        }
    }

    static func listToMapping(
        _ node: ComposeNode, path: String, bareKeyIsNull: Bool, problems: inout [Diagnostic]
    ) -> ComposeNode {
        guard let items = node.sequence else { return node }
        var map = ComposeMapping()
        for (index, item) in items.enumerated() {
            let (key, value) = TypedDecoder.cut(GoFormat.sprint(item))
            if bareKeyIsNull, let last = key.unicodeScalars.last, last.properties.isWhitespace {
                problems.append(.error(at: item.location, path: "\(path)[\(index)]",
                                       "environment variable \(key) is declared with a trailing space"))
                continue
            }
            let entry: ComposeNode
            if let value {
                entry = .string(value, at: item.location)
            } else {
                entry = bareKeyIsNull ? .null(at: item.location) : .string("", at: item.location)
            }
            map.removeValue(forKey: key)
            map.set(key, entry, keyLocation: item.location)
        }
        return node.with(.mapping(map))
    }

    private static func normalizeNetworks(_ top: inout ComposeMapping, at location: SourceLocation?) {
        var usesDefault = false
        if let servicesNode = top["services"], var services = servicesNode.mapping {
            for serviceName in services.keys {
                guard let service = services[serviceName], var map = service.mapping else { continue }
                if map["provider"] != nil || map["network_mode"] != nil { continue }
                let defaultOnly = ComposeNode.mapping(ComposeMapping([("default", .null(at: service.location))]), at: service.location)
                if let networks = map["networks"] {
                    if let networkMap = networks.mapping, !networkMap.isEmpty {
                        if networkMap["default"] != nil { usesDefault = true }
                        continue
                    }
                    if networks.mapping == nil && !networks.isNull { continue }
                    map.set("networks", defaultOnly.with(.mapping(ComposeMapping([("default", .null(at: networks.location))]))),
                            keyLocation: map.keyLocation("networks"))
                } else {
                    map["networks"] = defaultOnly
                }
                usesDefault = true
                services.set(serviceName, service.with(.mapping(map)), keyLocation: services.keyLocation(serviceName))
            }
            top.set("services", servicesNode.with(.mapping(services)), keyLocation: top.keyLocation("services"))
        }
        var networks = top["networks"]?.mapping ?? ComposeMapping()
        if usesDefault && networks["default"] == nil {
            networks["default"] = .null(at: location)
        }
        if !networks.isEmpty {
            top.set("networks", (top["networks"] ?? .null(at: location)).with(.mapping(networks)), keyLocation: top.keyLocation("networks"))
        }
    }

    private static func normalizeService(
        _ input: ComposeMapping, at location: SourceLocation?, environment: [String: String]
    ) -> ComposeMapping {
        var service = input
        if service["pull_policy"]?.string == "if_not_present" {
            service["pull_policy"] = service["pull_policy"]?.with(.string("missing"))
        }
        if let build = service["build"], var buildMap = build.mapping {
            if buildMap["context"] == nil || buildMap["context"]?.isNull == true {
                buildMap["context"] = .string(".", at: build.location)
            }
            let noDockerfile = buildMap["dockerfile"] == nil || buildMap["dockerfile"]?.isNull == true
            let noInline = buildMap["dockerfile_inline"] == nil || buildMap["dockerfile_inline"]?.isNull == true
            if noDockerfile && noInline {
                buildMap["dockerfile"] = .string("Dockerfile", at: build.location)
            }
            if let args = buildMap["args"] {
                buildMap["args"] = resolveVariables(args, environment: environment, keepEmpty: false)
            }
            service["build"] = build.with(.mapping(buildMap))
        }
        if let variables = service["environment"] {
            service["environment"] = resolveVariables(variables, environment: environment, keepEmpty: true)
        }

        var dependsOnNode = service["depends_on"]
        var dependsOn = dependsOnNode?.mapping ?? ComposeMapping()
        func addDependency(_ name: String, restart: Bool, at location: SourceLocation?) {
            guard dependsOn[name] == nil else { return }
            dependsOn.set(name, .mapping(ComposeMapping([
                ("condition", .string("service_started", at: location)),
                ("restart", .bool(restart, at: location)),
                ("required", .bool(true, at: location)),
            ]), at: location), keyLocation: location)
        }
        for link in service["links"]?.sequence ?? [] {
            guard var target = link.scalarText else { continue }
            let parts = target.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2 { target = String(parts[0]) }
            addDependency(target, restart: true, at: link.location)
        }
        for namespace in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
            guard let reference = service[namespace], let text = reference.string, text.hasPrefix("service:") else { continue }
            addDependency(String(text.dropFirst("service:".count)), restart: true, at: reference.location)
        }
        if let volumes = service["volumes"], let items = volumes.sequence {
            service["volumes"] = volumes.with(.sequence(items.map { volume in
                guard var map = volume.mapping, let target = map["target"], let text = target.string else { return volume }
                map["target"] = target.with(.string(FilePaths.clean(text)))
                return volume.with(.mapping(map))
            }))
        }
        for entry in service["volumes_from"]?.sequence ?? [] {
            guard let text = entry.scalarText, !text.hasPrefix("container:") else { continue }
            let source = text.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? text
            addDependency(source, restart: false, at: entry.location)
        }
        if !dependsOn.isEmpty {
            if dependsOnNode == nil { dependsOnNode = .null(at: location) }
            service["depends_on"] = dependsOnNode?.with(.mapping(dependsOn))
        }
        return service
    }

    /// compose-go's `resolve`: values left empty (`KEY` or `KEY: null`) take the project environment's value;
    /// without one they are dropped (build args) or kept empty (environment).
    static func resolveVariables(_ node: ComposeNode, environment: [String: String], keepEmpty: Bool) -> ComposeNode {
        switch node.value {
        case .sequence(let items):
            var resolved: [ComposeNode] = []
            for item in items {
                guard let text = item.string else { continue }
                if text.contains("=") {
                    resolved.append(item)
                } else if let value = environment[text] {
                    resolved.append(item.with(.string("\(text)=\(value)")))
                } else if keepEmpty {
                    resolved.append(item)
                }
            }
            return node.with(.sequence(resolved))
        case .mapping(let map):
            var resolved = ComposeMapping()
            for (key, value) in map {
                if !value.isNull {
                    resolved.set(key, value, keyLocation: map.keyLocation(key))
                } else if let found = environment[key] {
                    resolved.set(key, value.with(.string(found)), keyLocation: map.keyLocation(key))
                } else if keepEmpty {
                    resolved.set(key, value, keyLocation: map.keyLocation(key))
                }
            }
            return node.with(.mapping(resolved))
        default:
            return node
        }
    }

    /// Resources without an explicit `name` are named `<project>_<key>`, external ones by their key.
    private static func setNamesFromKeys(_ top: inout ComposeMapping, project: String) {
        for kind in ["networks", "volumes", "configs", "secrets"] {
            guard let node = top[kind], var resources = node.mapping else { continue }
            for key in resources.keys {
                guard let resource = resources[key] else { continue }
                var map = resource.mapping ?? ComposeMapping()
                if map["name"] == nil || map["name"]?.isNull == true {
                    let external = map["external"].map(isTrue) ?? false
                    map["name"] = .string(external ? key : "\(project)_\(key)", at: resource.location)
                }
                resources.set(key, resource.with(.mapping(map)), keyLocation: resources.keyLocation(key))
            }
            top.set(kind, node.with(.mapping(resources)), keyLocation: top.keyLocation(kind))
        }
    }

    /// Go's strconv.ParseBool on the value's text.
    static func isTrue(_ node: ComposeNode) -> Bool {
        if let flag = node.bool { return flag }
        guard let text = node.scalarText else { return false }
        return ["1", "t", "T", "TRUE", "true", "True"].contains(text)
    }
}
