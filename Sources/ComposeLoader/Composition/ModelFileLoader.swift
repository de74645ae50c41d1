import ComposeModel

/// Loads the compose files of a project into one merged document: per file, per YAML document: legacy
/// conversion, interpolation, `extends`, `include`, merge, schema validation, canonical form
/// (compose-go's loadYamlModel / loadYamlFile).
/// PLACEHOLDER — the composition work replaces this file.
public enum ModelFileLoader {
    public static func load(files: [ComposeFileSource], context: LoadContext) throws -> (ComposeNode, [Diagnostic]) {
        throw DiagnosticError(.error(at: nil, "loading is not built yet"))
    }
}
