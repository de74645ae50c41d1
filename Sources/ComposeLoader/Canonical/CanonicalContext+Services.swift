import ComposeModel

extension CanonicalContext {
    mutating func services(_ node: ComposeNode) -> ComposeNode {
        guard var services = node.mapping else { return node }
        for name in services.keys {
            guard let service = services[name], let map = service.mapping else { continue }
            let rewritten = self.service(map, path: "services.\(name)")
            services.set(name, service.with(.mapping(rewritten)), keyLocation: services.keyLocation(name))
        }
        return node.with(.mapping(services))
    }

    mutating func service(_ input: ComposeMapping, path: String) -> ComposeMapping {
        var service = input
        for key in input.keys {
            guard let value = input[key] else { continue }
            let here = "\(path).\(key)"
            let rewritten: ComposeNode
            switch key {
            case "build": rewritten = build(value, path: here)
            case "depends_on": rewritten = dependsOn(value, path: here)
            case "env_file": rewritten = envFile(value, path: here)
            case "label_file", "dns": rewritten = stringOrList(value)
            case "extends": rewritten = extends(value, path: here)
            case "gpus": rewritten = gpus(value, path: here)
            case "networks", "models": rewritten = stringSliceToMap(value)
            case "volumes": rewritten = eachItem(value, path: here) { $0.volumeMount($1, path: $2) }
            case "devices": rewritten = eachItem(value, path: here) { $0.deviceMapping($1, path: $2) }
            case "secrets", "configs": rewritten = eachItem(value, path: here) { $0.fileMount($1, path: $2) }
            case "ports": rewritten = ports(value, path: here)
            case "ulimits": rewritten = eachValue(value, path: here) { $0.ulimit($1, path: $2) }
            case "develop": rewritten = develop(value, path: here)
            default: continue
            }
            service.set(key, rewritten, keyLocation: input.keyLocation(key))
        }
        return service
    }

    /// Applies `transform` to every item of a sequence (`services.*.volumes.*` style patterns).
    mutating func eachItem(
        _ node: ComposeNode, path: String,
        _ transform: (inout CanonicalContext, ComposeNode, String) -> ComposeNode
    ) -> ComposeNode {
        guard let items = node.sequence else { return node }
        var result: [ComposeNode] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(transform(&self, item, "\(path)[\(index)]"))
        }
        return node.with(.sequence(result))
    }

    /// Applies `transform` to every value of a mapping (`services.*.ulimits.*` style patterns).
    mutating func eachValue(
        _ node: ComposeNode, path: String,
        _ transform: (inout CanonicalContext, ComposeNode, String) -> ComposeNode
    ) -> ComposeNode {
        guard var map = node.mapping else { return node }
        for key in map.keys {
            guard let value = map[key] else { continue }
            map.set(key, transform(&self, value, "\(path).\(key)"), keyLocation: map.keyLocation(key))
        }
        return node.with(.mapping(map))
    }

    func stringOrList(_ node: ComposeNode) -> ComposeNode {
        if node.string != nil { return node.with(.sequence([node])) }
        return node
    }

    func stringSliceToMap(_ node: ComposeNode) -> ComposeNode {
        guard let items = node.sequence else { return node }
        var map = ComposeMapping()
        for item in items {
            guard let key = item.scalarText else { continue }
            map.set(key, .null(at: item.location), keyLocation: item.location)
        }
        return node.with(.mapping(map))
    }

    mutating func build(_ node: ComposeNode, path: String) -> ComposeNode {
        if let context = node.string {
            return node.with(.mapping(ComposeMapping([("context", .string(context, at: node.location))])))
        }
        guard var build = node.mapping else {
            fail(node, path: path, "invalid type \(node.kindName) for build")
            return node
        }
        for key in build.keys {
            guard let value = build[key] else { continue }
            let here = "\(path).\(key)"
            let rewritten: ComposeNode
            switch key {
            case "secrets": rewritten = eachItem(value, path: here) { $0.fileMount($1, path: $2) }
            case "provenance", "sbom":
                guard value.string == nil, let text = value.scalarText else { continue }
                rewritten = value.with(.string(text))
            case "additional_contexts": rewritten = keyValue(value, path: here)
            case "ssh": rewritten = ssh(value, path: here)
            case "ulimits": rewritten = eachValue(value, path: here) { $0.ulimit($1, path: $2) }
            default: continue
            }
            build.set(key, rewritten, keyLocation: build.keyLocation(key))
        }
        return node.with(.mapping(build))
    }

    mutating func dependsOn(_ node: ComposeNode, path: String) -> ComposeNode {
        if let items = node.sequence {
            var map = ComposeMapping()
            for item in items {
                guard let name = item.scalarText else { continue }
                map.set(name, Self.dependency(at: item.location), keyLocation: item.location)
            }
            return node.with(.mapping(map))
        }
        guard var map = node.mapping else {
            fail(node, path: path, "invalid type \(node.kindName) for depend_on")
            return node
        }
        for name in map.keys {
            guard let entry = map[name] else { continue }
            guard var dependency = entry.mapping else {
                fail(entry, path: "\(path).\(name)", "unsupported value \(entry.scalarText ?? entry.kindName)")
                continue
            }
            if dependency["condition"] == nil { dependency["condition"] = .string("service_started", at: entry.location) }
            if dependency["required"] == nil { dependency["required"] = .bool(true, at: entry.location) }
            map.set(name, entry.with(.mapping(dependency)), keyLocation: map.keyLocation(name))
        }
        return node.with(.mapping(map))
    }

    static func dependency(at location: SourceLocation?) -> ComposeNode {
        .mapping(ComposeMapping([
            ("condition", .string("service_started", at: location)),
            ("required", .bool(true, at: location)),
        ]), at: location)
    }

    mutating func envFile(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.string != nil {
            return node.with(.sequence([envFileEntry(node)]))
        }
        guard let items = node.sequence else {
            fail(node, path: path, "invalid type \(node.kindName) for env_file")
            return node
        }
        return node.with(.sequence(items.map(envFileEntry)))
    }

    private func envFileEntry(_ item: ComposeNode) -> ComposeNode {
        if let text = item.string {
            return item.with(.mapping(ComposeMapping([
                ("path", .string(text, at: item.location)),
                ("required", .bool(true, at: item.location)),
            ])))
        }
        if var map = item.mapping {
            if map["required"] == nil { map["required"] = .bool(true, at: item.location) }
            return item.with(.mapping(map))
        }
        return .null(at: item.location)
    }

    mutating func extends(_ node: ComposeNode, path: String) -> ComposeNode {
        if let service = node.string {
            return node.with(.mapping(ComposeMapping([("service", .string(service, at: node.location))])))
        }
        if node.mapping == nil { fail(node, path: path, "invalid type \(node.kindName) for extends") }
        return node
    }

    mutating func gpus(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.string != nil {
            let all = ComposeNode.mapping(ComposeMapping([("count", .string("all", at: node.location))]), at: node.location)
            return node.with(.sequence([all]))
        }
        if node.sequence == nil { fail(node, path: path, "invalid type \(node.kindName) for gpus") }
        return node
    }

    mutating func fileMount(_ node: ComposeNode, path: String) -> ComposeNode {
        if let source = node.string {
            return node.with(.mapping(ComposeMapping([("source", .string(source, at: node.location))])))
        }
        if node.mapping == nil { fail(node, path: path, "unsupported type \(node.kindName)") }
        return node
    }

    mutating func ulimit(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.mapping == nil && node.int == nil {
            fail(node, path: path, "invalid type \(node.kindName) for ulimit")
        }
        return node
    }

    mutating func deviceMapping(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.mapping != nil { return node }
        guard let spec = node.string else {
            fail(node, path: path, "invalid type \(node.kindName) for service volume mount")
            return node
        }
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var source = ""
        var target = ""
        var permissions = "rwm"
        switch parts.count {
        case 1: source = parts[0]
        case 2: source = parts[0]; target = parts[1]
        case 3: source = parts[0]; target = parts[1]; permissions = parts[2]
        default:
            if !lenient { fail(node, path: path, "confusing device mapping, please use long syntax: \(spec)") }
        }
        if target.isEmpty { target = source }
        return node.with(.mapping(ComposeMapping([
            ("source", .string(source, at: node.location)),
            ("target", .string(target, at: node.location)),
            ("permissions", .string(permissions, at: node.location)),
        ])))
    }

    mutating func keyValue(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.mapping != nil { return node }
        guard let items = node.sequence else {
            fail(node, path: path, "invalid type \(node.kindName)")
            return node
        }
        var map = ComposeMapping()
        for item in items {
            let text = item.scalarText ?? ""
            guard let equals = text.firstIndex(of: "=") else {
                if lenient { return node }
                fail(item, path: path, "invalid value \(text), expected key=value")
                continue
            }
            let key = String(text[..<equals])
            map.set(key, .string(String(text[text.index(after: equals)...]), at: item.location), keyLocation: item.location)
        }
        return node.with(.mapping(map))
    }

    mutating func ssh(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.mapping != nil { return node }
        guard let items = node.sequence else {
            fail(node, path: path, "invalid type \(node.kindName) for ssh")
            return node
        }
        var map = ComposeMapping()
        for item in items {
            guard let text = item.string else {
                fail(item, path: path, "invalid ssh key type \(item.kindName)")
                continue
            }
            if let equals = text.firstIndex(of: "=") {
                let id = String(text[..<equals])
                map.set(id, .string(String(text[text.index(after: equals)...]), at: item.location), keyLocation: item.location)
            } else if text == "default" {
                map.set(text, .null(at: item.location), keyLocation: item.location)
            } else {
                fail(item, path: path, "invalid ssh key \"\(text)\"")
            }
        }
        return node.with(.mapping(map))
    }

    /// `develop.watch.*.ignore` / `include`: a single string becomes a list.
    func develop(_ node: ComposeNode, path: String) -> ComposeNode {
        guard var develop = node.mapping, let watch = develop["watch"], let triggers = watch.sequence else { return node }
        let rewritten = triggers.map { trigger -> ComposeNode in
            guard var map = trigger.mapping else { return trigger }
            for key in ["ignore", "include"] {
                if let value = map[key] { map.set(key, stringOrList(value), keyLocation: map.keyLocation(key)) }
            }
            return trigger.with(.mapping(map))
        }
        develop.set("watch", watch.with(.sequence(rewritten)), keyLocation: develop.keyLocation("watch"))
        return node.with(.mapping(develop))
    }
}
