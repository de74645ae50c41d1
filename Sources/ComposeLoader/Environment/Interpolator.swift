import ComposeModel

/// Substitutes `${VAR}` expressions in every string of a compose document and casts the values the
/// compose model needs as numbers or booleans.
/// PLACEHOLDER — the environment work replaces this file.
public struct Interpolator: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Returns the interpolated tree and warnings (unset variables); throws `DiagnosticError` on errors.
    public func interpolate(_ root: ComposeNode) throws -> (ComposeNode, [Diagnostic]) {
        (root, [])
    }
}
