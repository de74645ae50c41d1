import ComposeModel

/// Checks a canonical project for problems across its parts: undefined references, dependency cycles,
/// conflicting attributes.
/// PLACEHOLDER — the validation work replaces this file.
public enum ConsistencyChecker {
    public static func check(_ project: ComposeNode) -> [Diagnostic] {
        []
    }
}
