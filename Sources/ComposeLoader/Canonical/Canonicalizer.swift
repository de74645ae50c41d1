import ComposeModel

/// Short syntaxes to long ones (compose-go's transform.Canonical), per document.
/// PLACEHOLDER — the canonical-form work replaces this file.
public enum Canonicalizer {
    public static func canonicalize(_ document: ComposeNode) throws -> ComposeNode {
        document
    }
}
