import ComposeModel

extension ConsistencyRun {
    mutating func checkScale(_ name: String, _ service: ComposeNode, path: String, at location: SourceLocation?) {
        let scaleNode = service["scale"]
        let replicasNode = service["deploy"]?["replicas"]
        let scale = ConsistencyValues.integer(scaleNode)
        let replicas = ConsistencyValues.integer(replicasNode)
        if let scale, let replicas, scale != replicas {
            error(scaleNode?.location ?? location, path, "can't set distinct values on 'scale' and 'deploy.replicas'")
        }
        if let scale, scale < 0 {
            error(scaleNode?.location ?? location, "\(path).scale", "must be greater than or equal to 0")
        }
        if let replicas, replicas < 0 {
            error(replicasNode?.location ?? location, "\(path).deploy.replicas", "must be greater than or equal to 0")
        }
        let effective = scale ?? replicas ?? 1
        if effective > 1, let containerName = service["container_name"], let text = containerName.string, !text.isEmpty {
            let attribute = scale != nil ? "scale" : "deploy.replicas"
            error(containerName.location ?? location, "\(path).container_name",
                  "can't set container_name and \(attribute) (\(effective)) together: a container name must be unique")
        }
    }

    /// Service-level resource attributes must agree with `deploy.resources` when both are given.
    mutating func checkResources(_ service: ComposeNode, path: String, at location: SourceLocation?) {
        let limits = service["deploy"]?["resources"]?["limits"]
        let reservations = service["deploy"]?["resources"]?["reservations"]
        func differs(_ value: ComposeNode?, _ other: ComposeNode?, in block: ComposeNode?, _ read: (ComposeNode?) -> Double?) -> Bool {
            guard let block, block.mapping != nil, let mine = read(value), mine != 0 else { return false }
            return (read(other) ?? 0) != mine
        }
        let cpus: (ComposeNode?) -> Double? = { ConsistencyValues.number($0).map { Double(Float($0)) } }
        let bytes: (ComposeNode?) -> Double? = { ConsistencyValues.bytes($0).map(Double.init) }
        let count: (ComposeNode?) -> Double? = { ConsistencyValues.integer($0).map(Double.init) }
        let pairs: [(String, ComposeNode?, String, ComposeNode?, (ComposeNode?) -> Double?)] = [
            ("cpus", limits, "deploy.resources.limits.cpus", limits?["cpus"], cpus),
            ("mem_limit", limits, "deploy.resources.limits.memory", limits?["memory"], bytes),
            ("mem_reservation", reservations, "deploy.resources.reservations.memory", reservations?["memory"], bytes),
            ("pids_limit", limits, "deploy.resources.limits.pids", limits?["pids"], count),
        ]
        for (key, block, other, otherValue, read) in pairs where differs(service[key], otherValue, in: block, read) {
            error(service[key]?.location ?? location, path, "can't set distinct values on '\(key)' and '\(other)'")
        }
    }

    mutating func checkWatch(_ service: ComposeNode, path: String) {
        for (index, watch) in (service["develop"]?["watch"]?.sequence ?? []).enumerated() {
            let target = watch["target"]?.string ?? ""
            let action = watch["action"]?.string ?? ""
            if target.isEmpty, action != "rebuild", action != "restart" {
                error(watch.location, "\(path).develop.watch[\(index)]", "target is required for non-rebuild actions")
            }
        }
    }

    /// Two mounts (tmpfs or volumes) at the same container path.
    mutating func checkMountTargets(_ service: ComposeNode, path: String) {
        var mounts: [String: String] = [:]
        var tmpfs = service["tmpfs"]?.sequence ?? []
        if let single = service["tmpfs"], single.string != nil { tmpfs = [single] }
        for (index, entry) in tmpfs.enumerated() {
            guard let text = entry.string else { continue }
            let here = "\(path).tmpfs[\(index)]"
            let target = String(text.prefix { $0 != ":" })
            if let previous = mounts[target] {
                error(entry.location, here, "target \(target) already mounted as \(previous)")
            } else {
                mounts[target] = here
            }
        }
        for (index, volume) in (service["volumes"]?.sequence ?? []).enumerated() {
            guard let target = volume["target"]?.string else { continue }
            let here = "\(path).volumes[\(index)]"
            if let previous = mounts[target] {
                error(volume["target"]?.location ?? volume.location, here, "target \(target) already mounted as \(previous)")
            } else {
                mounts[target] = here
            }
        }
    }

    /// A non-external secret needs a file or an environment variable to read its value from.
    mutating func checkSecretSources(_ secrets: ComposeMapping) {
        for (name, secret) in secrets {
            if let external = secret["external"], SemanticValidator.isTrue(external) { continue }
            let file = secret["file"]?.scalarText ?? ""
            let environment = secret["environment"]?.scalarText ?? ""
            if file.isEmpty, environment.isEmpty {
                error(secrets.keyLocation(name) ?? secret.location, "secrets.\(name)", "secret \"\(name)\" must declare either `file` or `environment`")
            }
        }
    }

    /// `container_name` must be unique across the project.
    mutating func checkContainerNames() {
        var owners: [String: String] = [:]
        for (name, service) in services {
            guard let node = service["container_name"], let containerName = node.string, !containerName.isEmpty else { continue }
            if let owner = owners[containerName] {
                error(node.location, "services.\(name).container_name", "container name \"\(containerName)\" is already in use by service \"\(owner)\"")
            } else {
                owners[containerName] = name
            }
        }
    }
}
