import ComposeModel

/// The `!reset` / `!override` tags of one YAML document (compose-go's ResetProcessor).
///
/// `!reset` nodes are dropped from the document; both tags record their key path, and every recorded path
/// is then deleted from what the document is merged onto, so `!reset` empties the value and `!override`
/// replaces it instead of merging.
struct MergeTags: Sendable {
    private(set) var paths: [[String]] = []

    var isEmpty: Bool { paths.isEmpty }

    /// Strips `!reset` nodes from `document` and records the paths of both tags.
    static func extract(_ document: ComposeNode) -> (ComposeNode, MergeTags) {
        var tags = MergeTags()
        var path: [String] = []
        let stripped = tags.strip(document, path: &path) ?? .null(at: document.location)
        return (stripped, tags)
    }

    private mutating func strip(_ node: ComposeNode, path: inout [String]) -> ComposeNode? {
        switch node.mergeTag {
        case .reset:
            paths.append(path)
            return nil
        case .override:
            // Recorded once; the tag has done its work (nothing below it is looked at, as there).
            paths.append(path)
            var copy = node
            copy.mergeTag = nil
            return copy
        case nil:
            break
        }
        switch node.value {
        case .mapping(let mapping):
            guard containsTag(node) else { return node }
            var result = ComposeMapping()
            for (key, child) in mapping {
                path.append(key)
                if let kept = strip(child, path: &path) {
                    result.set(key, kept, keyLocation: mapping.keyLocation(key))
                }
                path.removeLast()
            }
            var copy = node
            copy.value = .mapping(result)
            return copy
        case .sequence(let items):
            guard containsTag(node) else { return node }
            var result: [ComposeNode] = []
            result.reserveCapacity(items.count)
            for (index, child) in items.enumerated() {
                path.append(String(index))
                if let kept = strip(child, path: &path) { result.append(kept) }
                path.removeLast()
            }
            var copy = node
            copy.value = .sequence(result)
            return copy
        default:
            return node
        }
    }

    /// Whether any node below carries a tag (most documents have none: skip rebuilding them).
    private func containsTag(_ node: ComposeNode) -> Bool {
        if node.mergeTag != nil { return true }
        switch node.value {
        case .mapping(let mapping): return mapping.contains { containsTag($0.value) }
        case .sequence(let items): return items.contains { containsTag($0) }
        default: return false
        }
    }

    /// Deletes every recorded path from `target`. Paths through sequences never apply (compose-go records
    /// item indexes differently from how it looks them up), so only mapping keys are removed.
    func apply(to target: inout ComposeMapping) {
        for path in paths where !path.isEmpty {
            Self.remove(path[...], from: &target)
        }
    }

    /// Applies the paths under `services.<name>` to a copy of that service's base (the `extends` case).
    func apply(toService name: String, _ service: inout ComposeNode) {
        guard var mapping = service.mapping else { return }
        var changed = false
        for path in paths where path.count > 2 && path[0] == "services" && path[1] == name {
            Self.remove(path[2...], from: &mapping)
            changed = true
        }
        if changed { service.value = .mapping(mapping) }
    }

    private static func remove(_ path: ArraySlice<String>, from mapping: inout ComposeMapping) {
        guard let first = path.first else { return }
        if path.count == 1 {
            mapping.removeValue(forKey: first)
            return
        }
        guard var child = mapping[first], var childMapping = child.mapping else { return }
        remove(path.dropFirst(), from: &childMapping)
        child.value = .mapping(childMapping)
        mapping[first] = child
    }
}
