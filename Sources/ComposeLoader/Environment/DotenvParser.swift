import ComposeModel
import OrderedCollections

/// compose-go's dotenv grammar (dotenv/parser.go), statement by statement.
///
/// A statement is `[export ]KEY=value`, `KEY: value` or a bare `KEY` (taken from the lookup when it knows
/// it). Values are unquoted (cut at ` #`, trailing space trimmed), single-quoted (literal, may span lines)
/// or double-quoted (escapes, may span lines); unquoted and double-quoted values are interpolated.
/// Line numbers are the real ones (the reference miscounts some); messages never quote the file.
struct DotenvParser {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var warnings: [Diagnostic] = []

    init(text: String, file: String) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    mutating func parse(
        into values: inout OrderedDictionary<String, Dotenv.Entry>,
        lookup: (String) -> String?
    ) throws -> [Diagnostic] {
        while skipToStatement() {
            let statementLine = line
            let location = SourceLocation(file: file, line: statementLine, column: 1)
            skipExportPrefix()
            let keyStart = index
            var cursor = index
            var terminator: Unicode.Scalar?
            while cursor < scalars.count {
                let scalar = scalars[cursor]
                if Self.isInlineSpace(scalar) {
                    cursor += 1
                    continue
                }
                if scalar == "=" || scalar == ":" || scalar == "\n" {
                    terminator = scalar
                    break
                }
                guard Self.isKeyCharacter(scalar) else {
                    throw failure(
                        "unexpected character \(GoQuote.quote(String(scalar))) in variable name",
                        line: statementLine, column: column(of: cursor)
                    )
                }
                cursor += 1
            }
            // Without `=`, `:` or a newline before the end of the file, compose-go reads the whole rest as the
            // value of an empty key; kept for fidelity.
            var key = ""
            if terminator != nil {
                key = String(String.UnicodeScalarView(scalars[keyStart..<cursor]))
                index = cursor + 1
            } else {
                index = keyStart
            }
            while let last = key.unicodeScalars.last, last.properties.isWhitespace { key.unicodeScalars.removeLast() }
            if key.contains(" ") {
                throw failure("key cannot contain a space", line: statementLine)
            }
            if terminator == "\n" {
                line += 1
                skipInlineSpace()
                if let inherited = lookup(key) {
                    values[key] = Dotenv.Entry(value: inherited, location: location)
                }
                continue
            }
            skipInlineSpace()
            let value = try readValue(statementLine: statementLine, values: values, lookup: lookup)
            values[key] = Dotenv.Entry(value: value, location: location)
        }
        return warnings
    }

    // MARK: - Values

    private mutating func readValue(
        statementLine: Int,
        values: OrderedDictionary<String, Dotenv.Entry>,
        lookup: (String) -> String?
    ) throws -> String {
        guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else {
            return try readUnquoted(statementLine: statementLine, values: values, lookup: lookup)
        }
        let quote = scalars[index]
        var chars = String.UnicodeScalarView()
        var escaping = false
        var cursor = index + 1
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            cursor += 1
            if scalar == "\n" { line += 1 }
            if scalar != quote {
                if !escaping, scalar == "\\" {
                    escaping = true
                    continue
                }
                if escaping {
                    escaping = false
                    chars.append("\\")
                }
                chars.append(scalar)
                continue
            }
            if escaping {
                escaping = false
                chars.append(scalar)
                continue
            }
            index = cursor
            let raw = String(chars)
            guard quote == "\"" else { return raw }
            return try expand(Self.expandEscapes(raw), line: statementLine, values: values, lookup: lookup)
        }
        throw failure("unterminated quoted value", line: statementLine)
    }

    private mutating func readUnquoted(
        statementLine: Int,
        values: OrderedDictionary<String, Dotenv.Entry>,
        lookup: (String) -> String?
    ) throws -> String {
        var end = index
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        var value = String(String.UnicodeScalarView(scalars[index..<end]))
        index = min(end + 1, scalars.count)
        line += 1
        if let comment = value.firstRange(of: " #") { value = String(value[..<comment.lowerBound]) }
        while let last = value.unicodeScalars.last, last.properties.isWhitespace { value.unicodeScalars.removeLast() }
        return try expand(value, line: statementLine, values: values, lookup: lookup)
    }

    private mutating func expand(
        _ value: String,
        line statementLine: Int,
        values: OrderedDictionary<String, Dotenv.Entry>,
        lookup: (String) -> String?
    ) throws -> String {
        var unset: [String] = []
        let location = SourceLocation(file: file, line: statementLine, column: 1)
        do throws(VariableTemplate.Failure) {
            let result = try VariableTemplate.substitute(value, lookup: { lookup($0) ?? values[$0]?.value }, unset: &unset)
            recordUnset(unset, at: location)
            return result
        } catch {
            recordUnset(unset, at: location)
            throw DiagnosticError(warnings + [.error(at: location, error.message)])
        }
    }

    private mutating func recordUnset(_ names: [String], at location: SourceLocation) {
        for name in names {
            warnings.append(.warning(at: location, "The \"\(name)\" variable is not set. Defaulting to a blank string."))
        }
    }

    /// The escapes compose-go honours in double quotes: `\a \b \f \n \r \t \v \\ \" \$` and `\0` + three
    /// octal digits; anything else keeps its backslash. `\$` becomes `$$` so interpolation leaves a `$`.
    static func expandEscapes(_ text: String) -> String {
        guard text.unicodeScalars.contains("\\") else { return text }
        let input = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var cursor = 0
        while cursor < input.count {
            let scalar = input[cursor]
            guard scalar == "\\", cursor + 1 < input.count else {
                out.append(scalar)
                cursor += 1
                continue
            }
            let next = input[cursor + 1]
            switch next {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "\"": out.append("\"")
            case "$": out.append(contentsOf: "$$".unicodeScalars)
            case "0":
                var digits: [Unicode.Scalar] = []
                var probe = cursor + 2
                while probe < input.count, digits.count < 3, ("0"..."9").contains(input[probe]) {
                    digits.append(input[probe])
                    probe += 1
                }
                if let code = octal(digits), let decoded = Unicode.Scalar(code) {
                    out.append(decoded)
                } else {
                    out.append(contentsOf: ["\\", "0"])
                    out.append(contentsOf: digits)
                }
                cursor = probe
                continue
            default:
                // `\c` is in compose-go's pattern but not a Go escape: it stays as written.
                out.append(scalar)
                out.append(next)
            }
            cursor += 2
        }
        return String(out)
    }

    private static func octal(_ digits: [Unicode.Scalar]) -> UInt32? {
        guard digits.count == 3 else { return nil }
        var code: UInt32 = 0
        for digit in digits {
            let value = digit.value - 48
            guard value <= 7 else { return nil }
            code = code * 8 + value
        }
        return code <= 255 ? code : nil
    }

    // MARK: - Scanning

    /// Skips blank space and comment lines; false at the end of the text.
    private mutating func skipToStatement() -> Bool {
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                line += 1
                index += 1
            } else if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "#" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else {
                return true
            }
        }
        return false
    }

    /// `export` followed by white space (a newline counts, as in compose-go's `^export\s+`).
    private mutating func skipExportPrefix() {
        let word: [Unicode.Scalar] = ["e", "x", "p", "o", "r", "t"]
        guard index + word.count < scalars.count,
              Array(scalars[index..<(index + word.count)]) == word,
              [" ", "\t", "\n", "\r", "\u{0C}"].contains(scalars[index + word.count])
        else { return }
        index += word.count
        skipInlineSpace()
    }

    private mutating func skipInlineSpace() {
        while index < scalars.count, Self.isInlineSpace(scalars[index]) { index += 1 }
    }

    private func column(of position: Int) -> Int {
        var start = position
        while start > 0, scalars[start - 1] != "\n" { start -= 1 }
        return position - start + 1
    }

    private func failure(_ message: String, line: Int, column: Int = 1) -> DiagnosticError {
        DiagnosticError(warnings + [.error(at: SourceLocation(file: file, line: line, column: column), message)])
    }

    /// White space that does not end a line (compose-go's `isSpace`).
    private static func isInlineSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}": return true
        default: return false
        }
    }

    /// `[A-Za-z0-9_.\-\[\]]` plus any Unicode letter or number.
    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "_", ".", "-", "[", "]": return true
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }
}
