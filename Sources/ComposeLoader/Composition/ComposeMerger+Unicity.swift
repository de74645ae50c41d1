import ComposeModel

/// Removes redefinitions from the sequences that hold unique items (compose-go's EnforceUnicity): each
/// item has a key (a port binding, a mount target, an environment variable name); a later item with a key
/// already seen replaces the earlier one in its place.
extension ComposeMerger {
    typealias Indexer = @Sendable (ComposeNode, ItemPath) throws -> String

    /// Where an item sits (`services.web.ports.[0]`), spelled out only when a message needs it.
    struct ItemPath: CustomStringConvertible {
        let sequence: ModelPath
        let index: Int
        var path: ModelPath { sequence.appending("[\(index)]") }
        var description: String { path.description }
    }

    /// Unique-item sequences directly in a service, by attribute name.
    static let serviceItems: [String: Indexer] = [
        "annotations": keyValueIndex,
        "cap_add": keyValueIndex,
        "cap_drop": keyValueIndex,
        "devices": deviceIndex,
        "configs": mountIndex(defaultDirectory: ""),
        "dns": keyValueIndex,
        "dns_opt": keyValueIndex,
        "dns_search": keyValueIndex,
        "environment": keyValueIndex,
        "env_file": envFileIndex,
        "expose": exposeIndex,
        "labels": keyValueIndex,
        "links": keyValueIndex,
        "ports": portIndex,
        "profiles": keyValueIndex,
        "secrets": mountIndex(defaultDirectory: "/run/secrets"),
        "sysctls": keyValueIndex,
        "tmpfs": keyValueIndex,
        "volumes": volumeIndex,
    ]

    /// The same for the mappings nested in a service or a network.
    static let nestedItems: [String: [String: Indexer]] = [
        "build": ["args": keyValueIndex, "additional_contexts": keyValueIndex, "platform": keyValueIndex,
                  "tags": keyValueIndex, "labels": keyValueIndex],
        "deploy": ["labels": keyValueIndex],
    ]
    static let serviceNetworkItems: [String: Indexer] = ["aliases": keyValueIndex, "link_local_ips": keyValueIndex]
    static let networkItems: [String: Indexer] = ["labels": keyValueIndex]
    static let ipamItems: [String: Indexer] = ["options": keyValueIndex]

    /// Deduplicates every unique-item sequence of the document: `services.*.<attribute>`,
    /// `services.*.build|deploy.<attribute>`, `services.*.networks.*.aliases|link_local_ips`,
    /// `networks.*.labels` and `networks.*.ipam.options`.
    public static func enforceUnicity(_ document: ComposeNode) throws -> ComposeNode {
        guard var root = document.mapping else { return document }
        if let services = root["services"] {
            root["services"] = try eachEntry(services, path: ModelPath(["services"])) { service, path in
                var result = try uniqueItems(service, path: path, rules: serviceItems)
                for (key, rules) in nestedItems {
                    if let nested = result[key], nested.mapping != nil {
                        result[key] = try uniqueItems(nested, path: path.appending(key), rules: rules)
                    }
                }
                if let networks = result["networks"], networks.mapping != nil {
                    result["networks"] = try eachEntry(networks, path: path.appending("networks")) { network, path in
                        try uniqueItems(network, path: path, rules: serviceNetworkItems)
                    }
                }
                return result
            }
        }
        if let networks = root["networks"] {
            root["networks"] = try eachEntry(networks, path: ModelPath(["networks"])) { network, path in
                var result = try uniqueItems(network, path: path, rules: networkItems)
                if let ipam = result["ipam"], ipam.mapping != nil {
                    result["ipam"] = try uniqueItems(ipam, path: path.appending("ipam"), rules: ipamItems)
                }
                return result
            }
        }
        var result = document
        result.value = .mapping(root)
        return result
    }

    /// Applies `body` to each mapping value of the mapping `node`.
    private static func eachEntry(
        _ node: ComposeNode,
        path: ModelPath,
        _ body: (ComposeNode, ModelPath) throws -> ComposeNode
    ) throws -> ComposeNode {
        guard let mapping = node.mapping else { return node }
        var result = mapping
        for (key, child) in mapping where child.mapping != nil {
            result[key] = try body(child, path.appending(key))
        }
        var copy = node
        copy.value = .mapping(result)
        return copy
    }

    /// Deduplicates the sequences of the mapping `node` that `rules` names.
    private static func uniqueItems(_ node: ComposeNode, path: ModelPath, rules: [String: Indexer]) throws -> ComposeNode {
        guard let mapping = node.mapping else { return node }
        var result = mapping
        var changed = false
        for (key, child) in mapping {
            guard let indexer = rules[key], let items = child.sequence else { continue }
            let unique = try uniqueItems(items, path: path.appending(key), indexer: indexer)
            guard unique.count != items.count else { continue }
            var copy = child
            copy.value = .sequence(unique)
            result[key] = copy
            changed = true
        }
        guard changed else { return node }
        var copy = node
        copy.value = .mapping(result)
        return copy
    }

    /// A later item with a key already seen replaces the earlier one in its place.
    private static func uniqueItems(_ items: [ComposeNode], path: ModelPath, indexer: Indexer) throws -> [ComposeNode] {
        var result: [ComposeNode] = []
        result.reserveCapacity(items.count)
        var positions: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let key = try indexer(item, ItemPath(sequence: path, index: index))
            if let position = positions[key] {
                result[position] = item
            } else {
                positions[key] = result.count
                result.append(item)
            }
        }
        return result
    }

    private static func problem(_ node: ComposeNode, _ path: ItemPath, _ message: String) -> DiagnosticError {
        DiagnosticError(.error(at: node.location, path: path.path.diagnosticPath, message))
    }

    @Sendable static func keyValueIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        guard let text = node.string else {
            throw problem(node, path, "\(path): unexpected type \(GoText.typeName(node))")
        }
        if let equals = text.firstIndex(of: "=") { return String(text[..<equals]) }
        return text
    }

    @Sendable static func volumeIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        switch node.value {
        case .mapping(let mapping):
            guard let target = mapping["target"]?.string else {
                throw problem(node, path, "service volume \(path) is missing a mount target")
            }
            return target
        case .string(let spec):
            do {
                return try VolumeTarget.target(of: spec)
            } catch let error as VolumeTarget.Problem {
                throw problem(node, path, error.message)
            }
        default:
            return ""
        }
    }

    @Sendable static func deviceIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        switch node.value {
        case .mapping(let mapping):
            guard let target = mapping["target"]?.string else {
                throw problem(node, path, "service device \(path) is missing a mount target")
            }
            return target
        case .string(let spec):
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
            return String(parts.count == 1 ? parts[0] : parts[1])
        default:
            return ""
        }
    }

    @Sendable static func exposeIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        switch node.value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: throw problem(node, path, "\(path): unsupported expose value \(GoText.verbS(node))")
        }
    }

    static func mountIndex(defaultDirectory: String) -> Indexer {
        { node, path in
            switch node.value {
            case .string(let text):
                return "\(defaultDirectory)/\(text)"
            case .mapping(let mapping):
                if let target = mapping["target"] { return GoText.verbS(target) }
                return "\(defaultDirectory)/\(GoText.verbS(mapping["source"]))"
            default:
                throw problem(node, path, "\(path): unsupported expose value \(GoText.verbS(node))")
            }
        }
    }

    @Sendable static func portIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        switch node.value {
        case .int(let number):
            return String(number)
        case .string(let text):
            return text
        case .mapping(let mapping):
            guard let target = mapping["target"] else {
                throw problem(node, path, "service ports \(path) is missing a target port")
            }
            let host = mapping["host_ip"].map { GoText.verbS($0) } ?? "0.0.0.0"
            let protocolName = mapping["protocol"].map { GoText.verbS($0) } ?? "tcp"
            return "\(host):\(GoText.verbS(mapping["published"])):\(GoText.verbD(target))/\(protocolName)"
        default:
            return ""
        }
    }

    @Sendable static func envFileIndex(_ node: ComposeNode, _ path: ItemPath) throws -> String {
        switch node.value {
        case .string(let text):
            return text
        case .mapping(let mapping):
            guard let file = mapping["path"] else {
                throw problem(node, path, "environment path attribute \(path) is missing")
            }
            return GoText.verbS(file)
        default:
            return ""
        }
    }
}
