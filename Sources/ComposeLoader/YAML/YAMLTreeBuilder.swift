import CYaml
import ComposeModel

/// Assembles libyaml events into located nodes with an explicit stack, enforcing the depth and alias limits.
struct YAMLTreeBuilder {
    /// A finished node with what its parent needs to use it as a mapping key.
    struct Composed {
        var node: ComposeNode
        /// Nodes in this subtree once aliases are expanded (the cost of copying it through an alias).
        var size: Int
        /// The source text when the node is a scalar.
        var keyText: String?
        var isMergeKey = false
    }

    struct Pair {
        var key: String
        var keyLocation: SourceLocation
        var node: ComposeNode
        var isMerge: Bool
    }

    struct PendingKey {
        var text: String
        var location: SourceLocation
        var isMerge: Bool
    }

    /// A mapping or sequence under construction.
    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var mergeTag: ComposeNode.MergeTag?
        var size = 1
        var items: [ComposeNode] = []
        var pairs: [Pair] = []
        var pendingKey: PendingKey?
        var keyLines: [String: Int] = [:]
    }

    /// How many times the document's own size alias copies may add, beyond `limits.maxAliasExpansion`.
    static let aliasGrowthFactor = 20

    let file: String
    let limits: YAMLLimits
    private(set) var documents: [ComposeNode] = []
    private var stack: [Frame] = []
    private var anchors: [String: Composed] = [:]
    private var ownNodes = 0
    private var expandedNodes = 0

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    mutating func handle(_ event: yaml_event_t) throws(DiagnosticError) {
        let location = SourceLocation(file: file, line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
        case YAML_SCALAR_EVENT:
            ownNodes += 1
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let tag = data.tag.map { String(cString: $0) }
            try deliver(scalar(text, tag: tag, plain: data.style == YAML_PLAIN_SCALAR_STYLE, at: location),
                        anchor: data.anchor.map { String(cString: $0) })
        case YAML_ALIAS_EVENT:
            ownNodes += 1
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard var copy = anchors[name] else {
                throw DiagnosticError(.error(at: location, "yaml: unknown anchor '\(name)' referenced"))
            }
            expandedNodes += copy.size
            let budget = max(limits.maxAliasExpansion, Self.aliasGrowthFactor * ownNodes)
            if expandedNodes > budget {
                throw DiagnosticError(.error(at: location,
                    "yaml: document contains excessive aliasing (aliases expand to more than \(budget) nodes)"))
            }
            copy.node.location = location
            copy.isMergeKey = false
            try deliver(copy, anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            ownNodes += 1
            guard stack.count < limits.maxDepth else {
                throw DiagnosticError(.error(at: location, "yaml: exceeded max depth of \(limits.maxDepth)"))
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            stack.append(Frame(isMapping: isMapping, location: location,
                               anchor: anchor.map { String(cString: $0) },
                               mergeTag: tag.flatMap { ComposeNode.MergeTag(rawValue: String(cString: $0)) }))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let composed = try finish(frame)
            try deliver(composed, anchor: frame.anchor)
        default:
            break
        }
    }

    private func scalar(_ text: String, tag: String?, plain: Bool, at location: SourceLocation) throws(DiagnosticError) -> Composed {
        let value: ComposeNode.Value
        do {
            value = try YAMLScalarResolver.resolve(text, tag: tag, plain: plain)
        } catch {
            throw DiagnosticError(.error(at: location, path: currentPath(), "yaml: " + error.message))
        }
        var node = ComposeNode(value, at: location, mergeTag: tag.flatMap { ComposeNode.MergeTag(rawValue: $0) })
        if node.mergeTag == .reset, plain, text.isEmpty {
            node.value = .null
        }
        let isMerge = plain && text == "<<" && (tag == nil || tag == YAMLScalarResolver.mergeTag)
        return Composed(node: node, size: 1, keyText: text, isMergeKey: isMerge)
    }

    /// Hands a finished node to its parent (or makes it a document), registering its anchor.
    private mutating func deliver(_ composed: Composed, anchor: String?) throws(DiagnosticError) {
        if let anchor {
            anchors[anchor] = composed
        }
        guard !stack.isEmpty else {
            documents.append(composed.node)
            return
        }
        let top = stack.count - 1
        stack[top].size += composed.size
        if !stack[top].isMapping {
            stack[top].items.append(composed.node)
            return
        }
        guard let pending = stack[top].pendingKey else {
            try acceptKey(composed, frame: top)
            return
        }
        if pending.isMerge {
            try checkMergeValue(composed.node)
        }
        stack[top].pairs.append(Pair(key: pending.text, keyLocation: pending.location, node: composed.node,
                                     isMerge: pending.isMerge))
        stack[top].pendingKey = nil
    }

    private mutating func acceptKey(_ composed: Composed, frame top: Int) throws(DiagnosticError) {
        let location = composed.node.location ?? SourceLocation(file: file, line: 1, column: 1)
        guard let text = composed.keyText else {
            throw DiagnosticError(.error(at: location, path: currentPath(),
                                         "yaml: invalid map key: a \(composed.node.kindName) cannot be a key"))
        }
        if !composed.isMergeKey, composed.node.string == nil {
            let place = currentPath().map { "in \($0)" } ?? "at top level"
            throw DiagnosticError(.error(at: location, "non-string key \(place): \(text)"))
        }
        if let line = stack[top].keyLines[text] {
            throw DiagnosticError(.error(at: location, "mapping key \(Self.quoted(text)) already defined at line \(line)"))
        }
        stack[top].keyLines[text] = location.line
        stack[top].pendingKey = PendingKey(text: text, location: location, isMerge: composed.isMergeKey)
    }

    private func checkMergeValue(_ node: ComposeNode) throws(DiagnosticError) {
        if node.mapping != nil { return }
        if let items = node.sequence, items.allSatisfy({ $0.mapping != nil }) { return }
        throw DiagnosticError(.error(at: node.location, path: currentPath(),
                                     "yaml: map merge requires map or sequence of maps as the value"))
    }

    /// The node of a closed collection. Merge keys (`<<`) add the keys of the merged mappings that the
    /// mapping does not set itself; among merged mappings, the first one listed wins.
    private func finish(_ frame: Frame) throws(DiagnosticError) -> Composed {
        guard frame.isMapping else {
            return Composed(node: ComposeNode(.sequence(frame.items), at: frame.location, mergeTag: frame.mergeTag),
                            size: frame.size)
        }
        var mapping = ComposeMapping()
        for pair in frame.pairs {
            guard pair.isMerge else {
                mapping.set(pair.key, pair.node, keyLocation: pair.keyLocation)
                continue
            }
            let sources = pair.node.mapping.map { [$0] } ?? (pair.node.sequence ?? []).compactMap(\.mapping)
            for source in sources {
                for (key, member) in source.members where mapping[key] == nil && frame.keyLines[key] == nil {
                    mapping.set(key, member.node, keyLocation: member.keyLocation)
                }
            }
        }
        return Composed(node: ComposeNode(.mapping(mapping), at: frame.location, mergeTag: frame.mergeTag),
                        size: frame.size)
    }

    /// The key path of the node being built (`services.web.ports[0]`), for messages; nil at the top.
    private func currentPath() -> String? {
        var path = ""
        for frame in stack {
            if frame.isMapping {
                guard let key = frame.pendingKey?.text else { break }
                path += path.isEmpty ? key : "." + key
            } else {
                path += "[\(frame.items.count)]"
            }
        }
        return path.isEmpty ? nil : path
    }

    /// A key quoted like Go's `%#v` of a string.
    static func quoted(_ text: String) -> String {
        var out = ""
        ComposeNode.writeJSONString(text, into: &out)
        return out
    }
}
