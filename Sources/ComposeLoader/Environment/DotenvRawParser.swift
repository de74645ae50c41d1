import ComposeModel
import OrderedCollections

/// `format: raw` env files: docker run's `--env-file` syntax, which docker compose v2.40.3 registers as the
/// `raw` dotenv format (docker/cli kvfile, v28).
///
/// One `KEY=value` per line, value kept byte for byte (quotes, `$`, trailing space included); leading white
/// space and `#` comment lines skipped; a bare `KEY` is taken from the lookup when it knows it.
enum DotenvRawParser {
    /// bufio.Scanner's default token limit, which the reference inherits.
    static let maximumLineLength = 64 * 1024

    static func parse(
        _ text: String,
        file: String,
        into values: inout OrderedDictionary<String, Dotenv.Entry>,
        lookup: (String) -> String?
    ) throws {
        var lineNumber = 0
        // Split on scalars: as Characters, "\r\n" would be one unit.
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let location = SourceLocation(file: file, line: lineNumber, column: 1)
            var scalars = rawLine
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
            let line = Substring(scalars)
            if line.utf8.count >= maximumLineLength {
                throw DiagnosticError(.error(at: location, "failed to parse env_file \(file): line too long"))
            }
            if line.isEmpty || line.first == "#" { continue }
            let key: Substring
            let value: Substring?
            if let equals = line.firstIndex(of: "=") {
                key = line[..<equals]
                value = line[line.index(after: equals)...]
            } else {
                key = line
                value = nil
            }
            if key.isEmpty {
                throw DiagnosticError(.error(at: location, "failed to parse env_file \(file): no variable name on line \(lineNumber)"))
            }
            if key.contains(" ") || key.contains("\t") {
                throw DiagnosticError(.error(at: location, "failed to parse env_file \(file): variable on line \(lineNumber) contains whitespaces"))
            }
            if let value {
                values[String(key)] = Dotenv.Entry(value: String(value), location: location)
            } else if let inherited = lookup(String(key)) {
                values[String(key)] = Dotenv.Entry(value: inherited, location: location)
            }
        }
    }
}
