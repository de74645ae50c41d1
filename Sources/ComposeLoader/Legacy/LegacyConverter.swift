import ComposeModel

/// Converts a version-1 / fig document (services at the top level) to the current model.
/// PLACEHOLDER — the legacy work replaces this file.
public enum LegacyConverter {
    /// True when the document has the version-1 shape.
    public static func isLegacy(_ document: ComposeNode) -> Bool { false }

    /// The converted document and one warning listing what was converted.
    public static func convert(_ document: ComposeNode, file: String) throws -> (ComposeNode, [Diagnostic]) {
        (document, [])
    }
}
