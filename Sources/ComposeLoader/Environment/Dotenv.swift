import ComposeModel

/// Parses `.env` / `env_file` text with docker compose's dotenv rules.
/// PLACEHOLDER — the environment work replaces this file.
public enum Dotenv {
    /// `lookup` resolves `${VAR}` inside values (the variables defined so far, then the environment).
    public static func parse(_ text: String, file: String, lookup: (String) -> String?) throws -> [(key: String, value: String)] {
        []
    }
}
