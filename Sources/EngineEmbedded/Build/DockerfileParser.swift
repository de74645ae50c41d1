import EngineAPI
import Foundation

/// Reads a Dockerfile the way Docker's parser does: parser directives at the very top, comment lines
/// (also inside continuations), line continuations with the escape character, the keyword, the leading
/// `--flags` of the instructions that take them, and exec (JSON) versus shell form. BuildKit-only syntax
/// this builder cannot honour (heredocs, `RUN --mount`) is an error naming its line, never skipped.
public enum DockerfileParser {
    static let knownKeywords: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
        "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]

    /// Flags each instruction accepts; `true` marks the ones that may stand without a value.
    static let acceptedFlags: [String: [String: Bool]] = [
        "FROM": ["platform": false],
        "COPY": ["from": false, "chown": false, "chmod": false, "link": true],
        "ADD": ["chown": false, "chmod": false, "link": true],
        "RUN": [:],
        "HEALTHCHECK": ["interval": false, "timeout": false, "start-period": false, "start-interval": false, "retries": false],
    ]

    /// Flags Docker (BuildKit) knows but this builder does not implement.
    static let unsupportedFlags: [String: Set<String>] = [
        "RUN": ["mount", "network", "security"],
        "COPY": ["parents", "exclude"],
        "ADD": ["checksum", "keep-git-dir", "exclude", "parents"],
    ]

    public static func parse(_ text: String, fileName: String = "Dockerfile") throws(EngineError) -> Dockerfile {
        var lines = splitLines(text)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        var warnings: [String] = []
        var escape: Character = "\\"
        var index = 0
        var seenDirectives: Set<String> = []
        // Directives: only before the first comment, blank line or instruction.
        while index < lines.count, let (key, value) = directive(lines[index]) {
            let location = DockerfileLocation(fileName: fileName, line: index + 1)
            switch key {
            case "escape":
                guard !seenDirectives.contains(key) else { throw location.error("only one escape parser directive can be used") }
                guard value == "\\" || value == "`", let character = value.first else {
                    throw location.error("invalid escape token '\(value)' does not match ` or \\")
                }
                escape = character
            case "syntax":
                guard !seenDirectives.contains(key) else { throw location.error("only one syntax parser directive can be used") }
                warnings.append("\(fileName):\(index + 1): the syntax directive is ignored (\(value)): this builder implements the Dockerfile syntax itself")
            case "check":
                guard !seenDirectives.contains(key) else { throw location.error("only one check parser directive can be used") }
            default:
                break
            }
            seenDirectives.insert(key)
            index += 1
        }

        var instructions: [DockerfileInstruction] = []
        while index < lines.count {
            let start = index
            let first = trimLeadingWhitespace(lines[index])
            index += 1
            if first.isEmpty || first.hasPrefix("#") { continue }
            var (joined, continues) = trimContinuation(first, escape: escape)
            var emptyContinuation = false
            while continues, index < lines.count {
                let raw = lines[index]
                index += 1
                let stripped = trimLeadingWhitespace(raw)
                if stripped.hasPrefix("#") { continue }
                if stripped.isEmpty {
                    emptyContinuation = true
                    continue
                }
                let (part, more) = trimContinuation(raw, escape: escape)
                joined += part
                continues = more
            }
            if emptyContinuation {
                warnings.append("\(fileName):\(start + 1): empty continuation line (deprecated)")
            }
            let location = DockerfileLocation(fileName: fileName, line: start + 1)
            if joined.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            instructions.append(try instruction(from: joined, at: location, escape: escape))
        }
        return Dockerfile(fileName: fileName, escape: escape, instructions: instructions, warnings: warnings)
    }

    /// Parses one logical line (continuations already joined) into an instruction. Also used for ONBUILD
    /// triggers.
    static func instruction(from line: String, at location: DockerfileLocation, escape: Character) throws(EngineError) -> DockerfileInstruction {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let keywordEnd = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? trimmed.endIndex
        let keyword = trimmed[..<keywordEnd].uppercased()
        let rest = String(trimmed[keywordEnd...]).trimmingCharacters(in: .whitespaces)
        guard knownKeywords.contains(keyword) else { throw location.error("unknown instruction: \(keyword)") }

        var flags: [DockerfileInstruction.Flag] = []
        var body = rest
        if let accepted = acceptedFlags[keyword] {
            (flags, body) = try extractFlags(rest, keyword: keyword, accepted: accepted, at: location)
        }
        let arguments: DockerfileInstruction.Arguments
        switch keyword {
        case "RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "VOLUME":
            arguments = jsonArray(body).map { .exec($0) } ?? .shell(body)
        case "SHELL":
            guard let words = jsonArray(body) else { throw location.error("SHELL requires the arguments to be in JSON form") }
            guard !words.isEmpty else { throw location.error("SHELL requires at least one argument") }
            arguments = .exec(words)
        default:
            arguments = .shell(body)
        }
        if case .shell(let text) = arguments, text.isEmpty, keyword != "CMD", keyword != "ENTRYPOINT" {
            throw location.error("\(keyword) requires at least one argument")
        }
        if ["RUN", "COPY", "ADD"].contains(keyword), case .shell(let text) = arguments, let heredoc = heredocMarker(in: text) {
            throw location.error("heredocs are not supported by this builder: \(keyword) \(heredoc)", .unsupported)
        }
        if keyword == "ONBUILD" {
            let nested = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { $0.uppercased() } ?? ""
            switch nested {
            case "ONBUILD": throw location.error("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
            case "FROM", "MAINTAINER": throw location.error("\(nested) isn't allowed as an ONBUILD trigger")
            default: _ = try instruction(from: body, at: location, escape: escape)
            }
        }
        return DockerfileInstruction(line: location.line, keyword: keyword, flags: flags, arguments: arguments, text: rest)
    }

    /// The leading `--name[=value]` words; `--` ends them.
    static func extractFlags(_ text: String, keyword: String, accepted: [String: Bool],
                             at location: DockerfileLocation) throws(EngineError) -> ([DockerfileInstruction.Flag], String) {
        var flags: [DockerfileInstruction.Flag] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard rest.hasPrefix("--") else { break }
            let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
            let word = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
            rest = rest[end...]
            if word.isEmpty { break }
            let name: String
            var value: String?
            if let equals = word.firstIndex(of: "=") {
                name = word[..<equals].lowercased()
                value = unquote(String(word[word.index(after: equals)...]))
            } else {
                name = word.lowercased()
            }
            if unsupportedFlags[keyword]?.contains(name) == true {
                throw location.error("\(keyword) --\(name) is not supported by this builder", .unsupported)
            }
            guard let bare = accepted[name] else { throw location.error("unknown flag for \(keyword): --\(name)") }
            if value == nil, !bare { throw location.error("missing a value on flag: --\(name)") }
            flags.append(.init(name: name, value: value))
        }
        return (flags, String(rest).trimmingCharacters(in: .whitespaces))
    }

    /// `[ "a", "b" ]` as a string array; nil when the text is not a JSON array of strings (Docker then takes
    /// the text as shell form).
    static func jsonArray(_ text: String) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(trimmed.utf8))
    }

    /// `<<EOF`, `<<-EOF`, `<<"EOF"` (but not a `<<<` here-string or a shift like `1<<2`).
    static func heredocMarker(in text: String) -> String? {
        let characters = Array(text)
        var index = 0
        while index + 2 < characters.count {
            defer { index += 1 }
            guard characters[index] == "<", characters[index + 1] == "<" else { continue }
            if index > 0, characters[index - 1] == "<" { continue }
            var cursor = index + 2
            if characters[cursor] == "<" { index += 2; continue }
            if characters[cursor] == "-" { cursor += 1 }
            guard cursor < characters.count else { return nil }
            let next = characters[cursor]
            if next == "\"" || next == "'" { cursor += 1 }
            guard cursor < characters.count, characters[cursor].isLetter || characters[cursor] == "_" else { continue }
            var end = cursor
            while end < characters.count, !characters[end].isWhitespace { end += 1 }
            return String(characters[index..<end])
        }
        return nil
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    /// `# key=value` at the top of the file; nil for anything else (which ends the directives).
    static func directive(_ line: String) -> (String, String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("#") else { return nil }
        let body = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let key = body[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber }), !value.isEmpty else { return nil }
        // An unknown directive is a comment, and a comment ends the directives.
        guard ["escape", "syntax", "check"].contains(key) else { return nil }
        return (key, value)
    }

    static func splitLines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
    }

    static func trimLeadingWhitespace(_ line: String) -> String {
        String(line.drop(while: { $0 == " " || $0 == "\t" }))
    }

    /// Strips a trailing escape character (plus trailing blanks after it); the flag says whether the
    /// instruction continues on the next line.
    static func trimContinuation(_ line: String, escape: Character) -> (String, Bool) {
        var body = Substring(line)
        while let last = body.last, last == " " || last == "\t" { body = body.dropLast() }
        guard body.last == escape else { return (line, false) }
        return (String(body.dropLast()), true)
    }
}
