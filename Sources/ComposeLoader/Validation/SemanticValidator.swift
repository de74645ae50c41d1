import ComposeModel

/// Value checks the schema cannot express (compose-go's validation.Validate), on the merged document.
/// PLACEHOLDER — the validation work replaces this file.
public enum SemanticValidator {
    public static func validate(_ document: ComposeNode) -> [Diagnostic] {
        []
    }
}
