import ComposeModel

/// Substitutes `${VAR}` expressions in every string of a compose document and casts the values the
/// compose model needs as numbers or booleans.
///
/// Mirrors compose-go's interpolation pass: only string values are touched (keys never are), each string
/// goes through `VariableTemplate`, and strings at the paths of `InterpolationCast` become ints, floats or
/// booleans whether or not they contained a variable. All errors of the document are collected.
public struct Interpolator: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Returns the interpolated tree and warnings (unset variables, YAML 1.1 booleans); throws
    /// `DiagnosticError` with every error (and the warnings) when a string cannot be interpolated or cast.
    public func interpolate(_ root: ComposeNode) throws -> (ComposeNode, [Diagnostic]) {
        var walk = Walk(environment: environment)
        var node = root
        walk.visit(&node)
        if walk.hasErrors { throw DiagnosticError(walk.diagnostics) }
        return (node, walk.diagnostics)
    }
}

extension Interpolator {
    /// One traversal: the current key path plus what was found so far.
    private struct Walk {
        let environment: [String: String]
        var path: [InterpolationCast.PathPart] = []
        var diagnostics: [Diagnostic] = []
        var hasErrors = false
        var warnedVariables: Set<String> = []

        init(environment: [String: String]) {
            self.environment = environment
        }

        mutating func visit(_ node: inout ComposeNode) {
            switch node.value {
            case .string(let text):
                visitString(text, node: &node)
            case .mapping(var mapping):
                for key in mapping.keys {
                    guard var child = mapping[key] else { continue }
                    path.append(.key(key))
                    visit(&child)
                    path.removeLast()
                    mapping[key] = child
                }
                node.value = .mapping(mapping)
            case .sequence(var items):
                for index in items.indices {
                    path.append(.index(index))
                    visit(&items[index])
                    path.removeLast()
                }
                node.value = .sequence(items)
            case .null, .bool, .int, .double:
                break
            }
        }

        private mutating func visitString(_ text: String, node: inout ComposeNode) {
            var unset: [String] = []
            let environment = self.environment
            let result: String
            do throws(VariableTemplate.Failure) {
                result = try VariableTemplate.substitute(text, lookup: { environment[$0] }, unset: &unset)
            } catch {
                warnUnset(unset, at: node.location)
                let message: String
                switch error {
                case .invalid:
                    message = "invalid interpolation format \(GoQuote.quote(text)): you may need to escape any $ with another $"
                case .missingRequired, .tooDeep:
                    message = error.message
                }
                report(.error(at: node.location, path: pathText, message))
                return
            }
            warnUnset(unset, at: node.location)
            guard let kind = InterpolationCast.kind(for: path) else {
                if result != text { node.value = .string(result) }
                return
            }
            switch kind.cast(result) {
            case .success(let outcome):
                node.value = outcome.value
                if let warning = outcome.warning {
                    report(.warning(at: node.location, path: pathText, warning))
                }
            case .failure(let failure):
                report(.error(at: node.location, path: pathText, "failed to cast to expected type: \(failure.message)"))
            }
        }

        private mutating func warnUnset(_ names: [String], at location: SourceLocation?) {
            for name in names where warnedVariables.insert(name).inserted {
                report(.warning(at: location, "The \"\(name)\" variable is not set. Defaulting to a blank string."))
            }
        }

        private mutating func report(_ diagnostic: Diagnostic) {
            if diagnostic.severity == .error { hasErrors = true }
            diagnostics.append(diagnostic)
        }

        private var pathText: String {
            InterpolationCast.render(path)
        }
    }
}
