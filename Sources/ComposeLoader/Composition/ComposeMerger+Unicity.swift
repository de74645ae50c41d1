import ComposeModel

/// Removes redefinitions from the sequences that hold unique items (compose-go's EnforceUnicity): each
/// item has a key (a port binding, a mount target, an environment variable name); a later item with a key
/// already seen replaces the earlier one in its place.
extension ComposeMerger {
    typealias Indexer = @Sendable (ComposeNode, ModelPath) throws -> String

    static let uniqueItems = ModelPathTable<Indexer>([
        ("networks.*.labels", keyValueIndex),
        ("networks.*.ipam.options", keyValueIndex),
        ("services.*.annotations", keyValueIndex),
        ("services.*.build.args", keyValueIndex),
        ("services.*.build.additional_contexts", keyValueIndex),
        ("services.*.build.platform", keyValueIndex),
        ("services.*.build.tags", keyValueIndex),
        ("services.*.build.labels", keyValueIndex),
        ("services.*.cap_add", keyValueIndex),
        ("services.*.cap_drop", keyValueIndex),
        ("services.*.devices", deviceIndex),
        ("services.*.configs", mountIndex(defaultDirectory: "")),
        ("services.*.deploy.labels", keyValueIndex),
        ("services.*.dns", keyValueIndex),
        ("services.*.dns_opt", keyValueIndex),
        ("services.*.dns_search", keyValueIndex),
        ("services.*.environment", keyValueIndex),
        ("services.*.env_file", envFileIndex),
        ("services.*.expose", exposeIndex),
        ("services.*.labels", keyValueIndex),
        ("services.*.links", keyValueIndex),
        ("services.*.networks.*.aliases", keyValueIndex),
        ("services.*.networks.*.link_local_ips", keyValueIndex),
        ("services.*.ports", portIndex),
        ("services.*.profiles", keyValueIndex),
        ("services.*.secrets", mountIndex(defaultDirectory: "/run/secrets")),
        ("services.*.sysctls", keyValueIndex),
        ("services.*.tmpfs", keyValueIndex),
        ("services.*.volumes", volumeIndex),
    ])

    /// Deduplicates every unique-item sequence of the document.
    public static func enforceUnicity(_ document: ComposeNode) throws -> ComposeNode {
        try enforceUnicity(document, at: ModelPath())
    }

    static func enforceUnicity(_ node: ComposeNode, at path: ModelPath) throws -> ComposeNode {
        switch node.value {
        case .mapping(let mapping):
            // Rules only exist down to `services.*.networks.*.aliases`: deeper mappings hold none.
            guard path.parts.count < 5 else { return node }
            var result = mapping
            var changed = false
            for (key, child) in mapping {
                let childPath = path.appending(key)
                switch child.value {
                case .mapping:
                    result[key] = try enforceUnicity(child, at: childPath)
                    changed = true
                case .sequence where uniqueItems.rule(for: childPath) != nil:
                    result[key] = try enforceUnicity(child, at: childPath)
                    changed = true
                default:
                    continue
                }
            }
            guard changed else { return node }
            var copy = node
            copy.value = .mapping(result)
            return copy
        case .sequence(let items):
            guard let indexer = uniqueItems.rule(for: path) else { return node }
            var result: [ComposeNode] = []
            result.reserveCapacity(items.count)
            var positions: [String: Int] = [:]
            for (index, item) in items.enumerated() {
                let key = try indexer(item, path.appending("[\(index)]"))
                if let position = positions[key] {
                    result[position] = item
                } else {
                    positions[key] = result.count
                    result.append(item)
                }
            }
            var copy = node
            copy.value = .sequence(result)
            return copy
        default:
            return node
        }
    }

    private static func problem(_ node: ComposeNode, _ path: ModelPath, _ message: String) -> DiagnosticError {
        DiagnosticError(.error(at: node.location, path: path.diagnosticPath, message))
    }

    @Sendable static func keyValueIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
        guard let text = node.string else {
            throw problem(node, path, "\(path): unexpected type \(GoText.typeName(node))")
        }
        if let equals = text.firstIndex(of: "=") { return String(text[..<equals]) }
        return text
    }

    @Sendable static func volumeIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
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

    @Sendable static func deviceIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
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

    @Sendable static func exposeIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
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

    @Sendable static func portIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
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

    @Sendable static func envFileIndex(_ node: ComposeNode, _ path: ModelPath) throws -> String {
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
