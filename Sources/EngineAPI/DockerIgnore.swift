import Foundation

/// The rules of a build context's `.dockerignore`, applied the way the docker CLI applies them: patterns in
/// file order, the last one that matches a path or one of its parent directories decides, `!` makes an
/// exception. A pattern matches whole paths relative to the context: `*` and `?` never cross a `/`, `**`
/// crosses any number of directories, a leading `**` matches at any depth.
public struct DockerIgnore: Sendable {
    struct Pattern: Sendable {
        enum Kind: Sendable {
            case exact
            case prefix
            case suffix
            case expression
        }

        /// The cleaned pattern, without its `!`.
        var text: String
        var isException: Bool
        var kind: Kind
        var expression: NSRegularExpression?
    }

    private(set) var patterns: [Pattern] = []

    /// Whether some pattern is an exception: excluded directories must then still be walked.
    public var hasExceptions: Bool { patterns.contains(where: \.isException) }

    /// - Parameter lines: patterns as `lines(of:)` returns them (`!` first for an exception).
    public init(lines: [String]) throws(EngineError) {
        for line in lines {
            var text = Self.clean(line.trimmingCharacters(in: .whitespaces))
            guard !text.isEmpty else { continue }
            let isException = text.hasPrefix("!")
            if isException {
                text.removeFirst()
                guard !text.isEmpty else { throw EngineError(.invalidArgument, #"illegal exclusion pattern "!" in .dockerignore"#) }
            }
            patterns.append(try Self.compile(text, isException: isException))
        }
    }

    /// The patterns of a `.dockerignore` text: `#` lines are comments (only at the very start of the line),
    /// blanks are trimmed, each pattern is cleaned like a path and loses a leading `/`.
    public static func lines(of text: String) -> [String] {
        var result: [String] = []
        // Split on "\n" scalars: as Characters, "\r\n" is one grapheme and would not split.
        for (number, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(String.UnicodeScalarView(raw))
            if number == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix("#") { continue }
            var pattern = line.trimmingCharacters(in: .whitespaces)
            guard !pattern.isEmpty else { continue }
            let invert = pattern.hasPrefix("!")
            if invert { pattern = String(pattern.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if !pattern.isEmpty {
                pattern = clean(pattern)
                if pattern.count > 1, pattern.hasPrefix("/") { pattern.removeFirst() }
            }
            result.append(invert ? "!" + pattern : pattern)
        }
        return result
    }

    /// Whether a context path (relative, `/`-separated) is left out.
    public func excludes(_ path: String) -> Bool {
        let components = path.split(separator: "/").map(String.init)
        let parents = (0..<max(0, components.count - 1)).map { components[0...$0].joined(separator: "/") }
        var excluded = false
        for pattern in patterns where pattern.isException == excluded {
            let matches = Self.matches(pattern, path) || parents.contains { Self.matches(pattern, $0) }
            if matches { excluded = !pattern.isException }
        }
        return excluded
    }

    private static func matches(_ pattern: Pattern, _ path: String) -> Bool {
        switch pattern.kind {
        case .exact:
            return path == pattern.text
        case .prefix:
            return path.hasPrefix(String(pattern.text.dropLast(2)))
        case .suffix:
            let suffix = String(pattern.text.dropFirst(2))
            return path.hasSuffix(suffix) || (suffix.hasPrefix("/") && path == String(suffix.dropFirst()))
        case .expression:
            guard let expression = pattern.expression else { return false }
            let range = NSRange(path.startIndex..., in: path)
            return expression.firstMatch(in: path, range: range) != nil
        }
    }

    /// Literal patterns compare as text, `x**` and `**x` as prefix and suffix, anything else becomes an
    /// anchored regular expression.
    private static func compile(_ text: String, isException: Bool) throws(EngineError) -> Pattern {
        var expression = "^"
        var kind = Pattern.Kind.exact
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let isFirst = index == 0
            index += 1
            switch character {
            case "*" where index < characters.count && characters[index] == "*":
                index += 1
                if index < characters.count, characters[index] == "/" { index += 1 }
                if index == characters.count {
                    if kind == .exact {
                        kind = .prefix
                    } else {
                        expression += ".*"
                        kind = .expression
                    }
                } else {
                    expression += "(.*/)?"
                    kind = .expression
                }
                if isFirst { kind = .suffix }
            case "*":
                expression += "[^/]*"
                kind = .expression
            case "?":
                expression += "[^/]"
                kind = .expression
            case ".", "+", "(", ")", "|", "{", "}", "$":
                expression += "\\\(character)"
            case "\\":
                if index < characters.count {
                    expression += "\\\(characters[index])"
                    index += 1
                    kind = .expression
                } else {
                    expression += "\\\\"
                }
            case "[", "]":
                expression.append(character)
                kind = .expression
            default:
                expression.append(character)
            }
        }
        var pattern = Pattern(text: text, isException: isException, kind: kind)
        if kind == .expression {
            do {
                pattern.expression = try NSRegularExpression(pattern: expression + "$")
            } catch {
                throw EngineError(.invalidArgument, "syntax error in .dockerignore pattern \(text)", cause: "\(error)")
            }
        }
        return pattern
    }

    /// A path cleaned like Go's `filepath.Clean`: no empty or `.` parts, `..` removes its parent.
    public static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
