import ComposeModel

/// Validates a compose document against `schemas/compose-spec.json`.
/// PLACEHOLDER — the validation work replaces this file.
public enum SchemaValidator {
    public static func validate(_ document: ComposeNode) -> [Diagnostic] {
        []
    }
}
