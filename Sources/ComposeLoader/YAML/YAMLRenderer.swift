import ComposeModel

/// Renders a node tree as YAML (the default output of `compose config`).
/// PLACEHOLDER — the YAML work replaces this file.
public enum YAMLRenderer {
    public static func render(_ node: ComposeNode) -> String {
        node.jsonString()
    }
}
