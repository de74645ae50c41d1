import ComposeModel

/// The attribute-specific merge rules (compose-go's mergeSpecials).
extension ComposeMerger {
    struct Rule: Sendable {
        let merge: @Sendable (ComposeNode, ComposeNode, ModelPath) throws -> ComposeNode
    }

    static let rules = ModelPathTable<Rule>([
        ("networks.*.ipam.config", Rule(merge: mergeIPAMConfig)),
        ("networks.*.labels", Rule(merge: mergeToSequence)),
        ("volumes.*.labels", Rule(merge: mergeToSequence)),
        ("services.*.annotations", Rule(merge: mergeToSequence)),
        ("services.*.build", Rule(merge: mergeBuild)),
        ("services.*.build.args", Rule(merge: mergeToSequence)),
        ("services.*.build.additional_contexts", Rule(merge: mergeToSequence)),
        ("services.*.build.extra_hosts", Rule(merge: mergeExtraHosts)),
        ("services.*.build.labels", Rule(merge: mergeToSequence)),
        ("services.*.command", Rule(merge: replace)),
        ("services.*.depends_on", Rule(merge: mergeDependsOn)),
        ("services.*.deploy.labels", Rule(merge: mergeToSequence)),
        ("services.*.dns", Rule(merge: mergeToSequence)),
        ("services.*.dns_opt", Rule(merge: mergeToSequence)),
        ("services.*.dns_search", Rule(merge: mergeToSequence)),
        ("services.*.entrypoint", Rule(merge: replace)),
        ("services.*.env_file", Rule(merge: mergeToSequence)),
        ("services.*.label_file", Rule(merge: mergeToSequence)),
        ("services.*.environment", Rule(merge: mergeToSequence)),
        ("services.*.extra_hosts", Rule(merge: mergeExtraHosts)),
        ("services.*.healthcheck.test", Rule(merge: replace)),
        ("services.*.labels", Rule(merge: mergeToSequence)),
        ("services.*.volumes.*.volume.labels", Rule(merge: mergeToSequence)),
        ("services.*.logging", Rule(merge: mergeLogging)),
        ("services.*.models", Rule(merge: mergeToMapping)),
        ("services.*.networks", Rule(merge: mergeToMapping)),
        ("services.*.sysctls", Rule(merge: mergeToSequence)),
        ("services.*.tmpfs", Rule(merge: mergeToSequence)),
        ("services.*.ulimits.*", Rule(merge: replace)),
    ])

    /// command, entrypoint, healthcheck.test and each ulimit: the override wins, even when null.
    @Sendable static func replace(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        override
    }

    /// Logging options merge only when both sides name the same driver (or one names none).
    @Sendable static func mergeLogging(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        guard let config = base.mapping else { return override.isNull ? base : override }
        guard let other = override.mapping else { return base }
        let baseDriver = config["driver"]
        let otherDriver = other["driver"]
        if baseDriver == nil || otherDriver == nil || baseDriver == otherDriver {
            var result = base
            result.value = .mapping(try mergeMappings(config, other, at: path))
            return result
        }
        return override
    }

    /// `build: ./dir` is the short form of `build: {context: ./dir}`.
    @Sendable static func mergeBuild(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        func asMapping(_ node: ComposeNode) -> ComposeMapping? {
            if let text = node.string { return ComposeMapping([("context", .string(text, at: node.location))]) }
            return node.mapping
        }
        guard let left = asMapping(base) else { return asMapping(override).map { .mapping($0, at: override.location) } ?? base }
        guard let right = asMapping(override) else { return .mapping(left, at: base.location) }
        return .mapping(try mergeMappings(left, right, at: path), at: base.location)
    }

    /// The list form of depends_on means `condition: service_started, required: true` for each name.
    @Sendable static func mergeDependsOn(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        func asMapping(_ node: ComposeNode) throws -> ComposeMapping {
            if let mapping = node.mapping { return mapping }
            guard let items = node.sequence else { return ComposeMapping() }
            var result = ComposeMapping()
            for item in items {
                guard let name = item.string else { throw unexpectedType(item, path) }
                result.set(name, .mapping(ComposeMapping([
                    ("condition", .string("service_started", at: item.location)),
                    ("required", .bool(true, at: item.location)),
                ]), at: item.location), keyLocation: item.location)
            }
            return result
        }
        return .mapping(try mergeMappings(try asMapping(base), try asMapping(override), at: path), at: base.location ?? override.location)
    }

    /// networks and models: the list form names keys with no options.
    @Sendable static func mergeToMapping(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        func asMapping(_ node: ComposeNode) throws -> ComposeMapping {
            if let mapping = node.mapping { return mapping }
            guard let items = node.sequence else { return ComposeMapping() }
            var result = ComposeMapping()
            for item in items {
                guard let name = item.string else { throw unexpectedType(item, path) }
                result.set(name, .null(at: item.location), keyLocation: item.location)
            }
            return result
        }
        return .mapping(try mergeMappings(try asMapping(base), try asMapping(override), at: path), at: base.location ?? override.location)
    }

    /// extra_hosts: both sides as `host=ip` lists; an override entry already in the base is not repeated.
    @Sendable static func mergeExtraHosts(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        let left = asSequence(base)
        let seen = Set<ComposeNodeKey>(left.map(ComposeNodeKey.init))
        var result = left
        // Only entries already in the base are dropped: duplicates inside the override stay, as there.
        for item in asSequence(override) where !seen.contains(ComposeNodeKey(item)) {
            result.append(item)
        }
        return .sequence(result, at: base.location ?? override.location)
    }

    /// Mapping-or-list attributes (environment, labels, …) become one list of `KEY=value` entries; the
    /// uniqueness pass then keeps the last entry of each key.
    @Sendable static func mergeToSequence(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        .sequence(asSequence(base) + asSequence(override), at: base.location ?? override.location)
    }

    /// compose-go's convertIntoSequence: a mapping becomes sorted `KEY=value` strings (`KEY` alone for null,
    /// one entry per item for a list value), a string a one-item list, anything else nothing.
    static func asSequence(_ node: ComposeNode) -> [ComposeNode] {
        switch node.value {
        case .sequence(let items):
            return items
        case .string:
            return [node]
        case .mapping(let mapping):
            var entries: [ComposeNode] = []
            for (key, value) in mapping {
                let location = mapping.keyLocation(key) ?? value.location
                switch value.value {
                case .null:
                    entries.append(.string(key, at: location))
                case .sequence(let items):
                    for item in items { entries.append(.string("\(key)=\(GoText.value(item))", at: item.location ?? location)) }
                default:
                    entries.append(.string("\(key)=\(GoText.value(value))", at: location))
                }
            }
            return entries.sorted { ($0.string ?? "").utf8.lexicographicallyPrecedes(($1.string ?? "").utf8) }
        default:
            return []
        }
    }

    /// IPAM configs pair up by subnet: an override with a new subnet is added, one with a known subnet is
    /// merged into it. Mirrors compose-go's mergeIPAMConfig, including how it shares entries while looping.
    @Sendable static func mergeIPAMConfig(_ base: ComposeNode, _ override: ComposeNode, _ path: ModelPath) throws -> ComposeNode {
        guard let configs = base.sequence, let overrides = override.sequence else {
            throw DiagnosticError(.error(at: override.location ?? base.location, path: path.diagnosticPath,
                                         "\(path): unexpected type \(GoText.typeName(base))"))
        }
        final class Entry {
            var mapping: ComposeMapping
            var location: SourceLocation?
            init(_ node: ComposeNode) {
                mapping = node.mapping ?? ComposeMapping()
                location = node.location
            }
            var subnet: ComposeNode? { mapping["subnet"] }
        }
        let lefts = overrides.map(Entry.init)
        var result: [Entry] = []
        for original in configs {
            let right = Entry(original)
            for left in lefts {
                if left.subnet != right.subnet, !result.contains(where: { $0.subnet == left.subnet }) {
                    result.append(left)
                    continue
                }
                right.mapping = try mergeMappings(right.mapping, left.mapping, at: path)
                if let index = result.firstIndex(where: { $0.subnet == right.subnet }) {
                    result[index] = right
                } else {
                    result.append(right)
                }
            }
        }
        return .sequence(result.map { .mapping($0.mapping, at: $0.location) }, at: base.location)
    }

    static func unexpectedType(_ node: ComposeNode, _ path: ModelPath) -> DiagnosticError {
        DiagnosticError(.error(at: node.location, path: path.diagnosticPath, "\(path): unexpected type \(GoText.typeName(node))"))
    }
}
