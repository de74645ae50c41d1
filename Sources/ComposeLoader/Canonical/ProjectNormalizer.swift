import ComposeModel

/// The whole-project steps after merging: default values, relative paths made absolute, the project name,
/// default network, resource names, and values rendered as compose-go's model prints them.
/// PLACEHOLDER — the canonical-form work replaces this file.
public enum ProjectNormalizer {
    public static func setDefaults(_ project: ComposeNode) throws -> ComposeNode { project }
    public static func resolvePaths(_ project: ComposeNode, workingDirectory: String) throws -> ComposeNode { project }
    public static func normalize(_ project: ComposeNode, name: String, context: LoadContext) throws -> ComposeNode { project }
    /// Converts values to the form compose-go's typed model gives them (bytes, durations, omitted empties).
    public static func typed(_ project: ComposeNode) throws -> ComposeNode { project }
}
