import ComposeModel

/// Merges an override document into a base document with the compose-spec merge rules (compose-go's
/// override.Merge): mappings merge key by key, sequences append, scalars are replaced, and some attributes
/// follow their own rule (see `ComposeMerger+Rules.swift`). Duplicates are removed afterwards by
/// `enforceUnicity`.
public enum ComposeMerger {
    /// Merges `override` onto `base`, honouring the `!reset` / `!override` tags written in `override`,
    /// then removes the duplicate items the merge made.
    public static func merge(_ base: ComposeNode, _ override: ComposeNode) throws -> ComposeNode {
        let (stripped, tags) = MergeTags.extract(override)
        var target = base
        if !tags.isEmpty, var mapping = base.mapping {
            tags.apply(to: &mapping)
            target.value = .mapping(mapping)
        }
        let merged = try merge(target, stripped, at: ModelPath())
        return try enforceUnicity(merged)
    }

    /// Merges one service definition onto the service it extends (compose-go's ExtendService): the rules
    /// are those of a service in a merged document.
    public static func extendService(base: ComposeNode, service: ComposeNode) throws -> ComposeNode {
        try merge(base, service, at: ModelPath(["services", "x"]))
    }

    /// The merge of two values at `path` (compose-go's mergeYaml).
    static func merge(_ base: ComposeNode, _ override: ComposeNode, at path: ModelPath) throws -> ComposeNode {
        if let rule = rules.rule(for: path) {
            return try rule.merge(base, override, path)
        }
        if override.isNull { return base }
        switch base.value {
        case .mapping(let mapping):
            guard let other = override.mapping else { throw cannotOverride(path, override) }
            var result = base
            result.value = .mapping(try mergeMappings(mapping, other, at: path))
            return result
        case .sequence(let items):
            guard let other = override.sequence else { throw cannotOverride(path, override) }
            var result = base
            result.value = .sequence(items + other)
            return result
        default:
            return override
        }
    }

    /// Keys of `other` replace or merge into those of `mapping`; new keys go after the existing ones.
    static func mergeMappings(_ mapping: ComposeMapping, _ other: ComposeMapping, at path: ModelPath) throws -> ComposeMapping {
        var result = mapping
        for (key, value) in other {
            if let existing = result[key] {
                result[key] = try merge(existing, value, at: path.appending(key))
            } else {
                result.set(key, value, keyLocation: other.keyLocation(key))
            }
        }
        return result
    }

    private static func cannotOverride(_ path: ModelPath, _ node: ComposeNode) -> DiagnosticError {
        DiagnosticError(.error(at: node.location, path: path.diagnosticPath, "cannot override \(path)"))
    }
}
