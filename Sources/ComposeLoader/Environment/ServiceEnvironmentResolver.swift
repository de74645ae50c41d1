import ComposeModel

/// Resolves each service's `environment` (bare keys from the environment, `env_file` contents merged in)
/// and `label_file`s, as compose-go's WithServicesEnvironmentResolved / WithServicesLabelsResolved do.
/// PLACEHOLDER — the environment work replaces this file.
public enum ServiceEnvironmentResolver {
    public static func resolve(_ project: ComposeNode, context: LoadContext) throws -> ComposeNode {
        project
    }
}
