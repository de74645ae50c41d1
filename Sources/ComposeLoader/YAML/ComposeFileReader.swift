import ComposeModel

/// Reads a compose file's bytes as text (UTF-8, UTF-16 with BOM), refusing binary and oversized files.
/// PLACEHOLDER — the YAML work replaces this file.
public enum ComposeFileReader {
    public static func read(path: String, limits: YAMLLimits = .default) throws -> String {
        throw DiagnosticError(.error(at: nil, "reading is not built yet"))
    }
}
