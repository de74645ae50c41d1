/// One problem (or warning) found while loading a project.
///
/// Phases collect diagnostics instead of throwing at the first problem, so a run shows every problem
/// of a file together. `path` is the key path inside the compose model (`services.web.ports[0]`).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var path: String?
    public var message: String
    /// False when `location` is in a file that is not a compose file (an `env_file` can hold secrets): the
    /// renderer then names the place but never quotes the line.
    public var showsSource = true

    public init(_ severity: Severity = .error, at location: SourceLocation?, path: String? = nil, _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    public static func error(at location: SourceLocation?, path: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, path: path, message)
    }

    public static func warning(at location: SourceLocation?, path: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, path: path, message)
    }

    /// Two diagnostics are the same problem when severity, place, path and message agree; whether the
    /// renderer may quote the source is presentation, not identity.
    public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        lhs.severity == rhs.severity && lhs.location == rhs.location && lhs.path == rhs.path
            && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(severity)
        hasher.combine(location)
        hasher.combine(path)
        hasher.combine(message)
    }

    /// `file:line:column: error: path: message`, the one-line form (the renderer adds a caret snippet).
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): "
        if let path, !path.isEmpty { text += "\(path): " }
        text += message
        return text
    }
}

/// Thrown when a phase found errors; carries all of them (and any warnings gathered so far).
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
