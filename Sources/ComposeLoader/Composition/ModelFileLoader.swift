import ComposeModel

/// Loads the compose files of a project into one merged document: per file, per YAML document: legacy
/// conversion, interpolation, `extends`, `include`, merge, schema validation, canonical form
/// (compose-go's loadYamlModel / loadYamlFile).
public enum ModelFileLoader {
    /// The merged, canonical document of `files` (in `-f` order) and the warnings gathered on the way.
    public static func load(files: [ComposeFileSource], context: LoadContext) throws -> (ComposeNode, [Diagnostic]) {
        var run = ModelLoadRun()
        let scope = LoadScope(
            workingDirectory: context.workingDirectory,
            environment: context.environment,
            options: context.options,
            id: 0
        )
        var dict = ComposeMapping()
        for file in files {
            dict = try run.loadFile(file, scope: scope, into: dict, included: []).0
        }
        return (.mapping(dict, at: run.firstLocation), run.warnings)
    }
}
