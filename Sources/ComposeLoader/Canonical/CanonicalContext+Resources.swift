import ComposeModel

extension CanonicalContext {
    /// `volumes.*`, `networks.*`, `secrets.*`, `configs.*`: the deprecated `external: {name: x}` becomes
    /// `external: true` plus `name: x`.
    mutating func resources(_ node: ComposeNode, path: String) -> ComposeNode {
        guard var resources = node.mapping else { return node }
        for key in resources.keys {
            guard let resource = resources[key], var map = resource.mapping,
                  let external = map["external"], let externalMap = external.mapping
            else { continue }
            let here = "\(path).\(key)"
            map["external"] = external.with(.bool(true))
            if let externalName = externalMap["name"] {
                warnings.append(.warning(
                    at: external.location, path: here,
                    "external.name is deprecated. Please set name and external: true"
                ))
                if let name = map["name"] {
                    if name != externalName {
                        fail(external, path: here, "name and external.name conflict; only use name")
                    }
                } else {
                    map["name"] = externalName
                }
            }
            resources.set(key, resource.with(.mapping(map)), keyLocation: resources.keyLocation(key))
        }
        return node.with(.mapping(resources))
    }

    mutating func include(_ node: ComposeNode) -> ComposeNode {
        guard let items = node.sequence else { return node }
        var result: [ComposeNode] = []
        for (index, item) in items.enumerated() {
            if let path = item.string {
                result.append(item.with(.mapping(ComposeMapping([("path", .string(path, at: item.location))]))))
            } else {
                if item.mapping == nil { fail(item, path: "include[\(index)]", "invalid type \(item.kindName) for include") }
                result.append(item)
            }
        }
        return node.with(.sequence(result))
    }
}
