import ComposeModel

/// Builds the interpolation environment: `.env` (or `--env-file`s / `COMPOSE_ENV_FILES`) under the process
/// environment, which wins, as docker compose does.
/// PLACEHOLDER — the environment work replaces this file.
public enum ProjectEnvironment {
    public static func build(
        processEnvironment: [String: String],
        workingDirectory: String,
        envFiles: [String]?
    ) throws -> [String: String] {
        processEnvironment
    }
}
