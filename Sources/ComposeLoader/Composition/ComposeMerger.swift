import ComposeModel

/// Merges an override document into a base document with the compose-spec merge rules.
/// PLACEHOLDER — the composition work replaces this file.
public enum ComposeMerger {
    public static func merge(_ base: ComposeNode, _ override: ComposeNode) throws -> ComposeNode {
        override
    }
}
