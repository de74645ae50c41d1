import ComposeModel
import Foundation
import OrderedCollections

/// Parses `.env` / `env_file` text with docker compose's dotenv rules.
///
/// Two formats exist: the default dotenv syntax of compose-go (quotes, escapes, `${VAR}` interpolation,
/// `export`, comments, multi-line quoted values) and `raw` (docker compose's `format: raw`: docker run's
/// `--env-file` syntax, values taken literally). Errors name the file and line but never repeat the line's
/// content: these files hold secrets.
public enum Dotenv {
    public enum Format: String, Sendable, Hashable {
        case dotenv = ""
        case raw

        /// The `format:` of an `env_file` entry; nil for formats docker compose does not know.
        public init?(name: String?) {
            switch name {
            case nil, "", ".env": self = .dotenv
            case "raw": self = .raw
            default: return nil
            }
        }
    }

    /// A value and the line that set it.
    public struct Entry: Sendable, Hashable {
        public var value: String
        public var location: SourceLocation?

        public init(value: String, location: SourceLocation?) {
            self.value = value
            self.location = location
        }
    }

    /// Parses `text` alone. `lookup` resolves bare `KEY` lines and comes first for `${VAR}` inside values,
    /// before the keys defined earlier in the text (compose-go's order). Keys keep their first position;
    /// a repeated key takes the last value.
    public static func parse(_ text: String, file: String, lookup: (String) -> String?) throws -> [(key: String, value: String)] {
        var values: OrderedDictionary<String, Entry> = [:]
        _ = try parse(text, file: file, format: .dotenv, into: &values, lookup: lookup)
        return values.map { (key: $0.key, value: $0.value.value) }
    }

    /// Parses `text` into `values`, which may already hold entries of earlier files: they are overwritten
    /// by this text and serve `${VAR}` after `lookup`. Returns the warnings (unset variables).
    public static func parse(
        _ text: String,
        file: String,
        format: Format,
        into values: inout OrderedDictionary<String, Entry>,
        lookup: (String) -> String?
    ) throws -> [Diagnostic] {
        do {
            switch format {
            case .dotenv:
                var parser = DotenvParser(text: text, file: file)
                return concealed(try parser.parse(into: &values, lookup: lookup))
            case .raw:
                try DotenvRawParser.parse(text, file: file, into: &values, lookup: lookup)
                return []
            }
        } catch let error as DiagnosticError {
            throw DiagnosticError(concealed(error.diagnostics))
        }
    }

    /// Marks diagnostics located in an env file so the renderer never quotes its lines.
    static func concealed(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var copy = diagnostic
            copy.showsSource = false
            return copy
        }
    }

    /// Reads and parses a file; a missing file or a directory is an error located at `reference` (where the
    /// file was named), with compose-go's wording.
    public static func parseFile(
        at path: String,
        format: Format,
        into values: inout OrderedDictionary<String, Entry>,
        reference: SourceLocation?,
        lookup: (String) -> String?
    ) throws -> [Diagnostic] {
        let text = try readFile(at: path, reference: reference)
        return try parse(text, file: path, format: format, into: &values, lookup: lookup)
    }

    /// The text of an env file (a leading byte-order mark removed); errors name the file only.
    static func readFile(at path: String, reference: SourceLocation?) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(.error(at: reference, "failed to read \(path): no such file or directory"))
        }
        guard !isDirectory.boolValue else {
            throw DiagnosticError(.error(at: reference, "failed to read \(path): read \(path): is a directory"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error(at: reference, "failed to read \(path): permission denied"))
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }
}
