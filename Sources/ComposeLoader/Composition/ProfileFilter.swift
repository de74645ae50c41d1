import ComposeModel

/// Removes services whose profiles are not enabled (and keeps those pulled in as dependencies of enabled ones).
/// PLACEHOLDER — the composition work replaces this file.
public enum ProfileFilter {
    public static func apply(_ project: ComposeNode, profiles: [String], requestedServices: [String]) throws -> ComposeNode {
        project
    }
}
