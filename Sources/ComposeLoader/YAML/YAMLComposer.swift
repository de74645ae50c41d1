import ComposeModel

/// Parses YAML text into located nodes (one per document).
/// PLACEHOLDER — the YAML work replaces this file.
public enum YAMLComposer {
    public static func documents(text: String, file: String, limits: YAMLLimits = .default) throws -> [ComposeNode] {
        throw DiagnosticError(.error(at: nil, "YAML parsing is not built yet"))
    }
}
