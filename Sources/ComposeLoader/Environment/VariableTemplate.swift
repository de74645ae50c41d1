/// compose-go's `${VAR}` template language, applied to one string.
///
/// The syntax is `$$` (a literal `$`), `$NAME`, `${NAME}`, and `${NAME<op>ARG}` with the operators `:-` `-`
/// (default), `:+` `+` (alternative), `:?` `?` (required). The matching rules reproduce compose-go's regular
/// expression exactly, quirks included: an operator's argument runs to the LAST `}` of the line and is then cut
/// at the first balanced brace, so `${A:-x} ${B}` and `${A:-${B}}` both work, and an `ARG` is substituted
/// even when it ends up unused (its unset variables are still reported).
enum VariableTemplate {
    enum Failure: Error, Equatable, Sendable {
        /// A `$` expression compose-go's grammar rejects (`${}`, `${A:!x}`, an unclosed `${`).
        case invalid
        /// `${A:?reason}` / `${A?reason}` with `A` missing (or empty for `:?`).
        case missingRequired(variable: String, reason: String)
        /// Defaults nested more than `maximumNesting` levels.
        case tooDeep

        var message: String {
            switch self {
            case .invalid:
                return "invalid interpolation format"
            case .tooDeep:
                return "invalid interpolation format: defaults nested more than \(VariableTemplate.maximumNesting) levels"
            case .missingRequired(let variable, let reason):
                if reason.isEmpty { return "required variable \(variable) is missing a value" }
                return "required variable \(variable) is missing a value: \(reason)"
            }
        }
    }

    /// Substitutes every expression of `text`. `unset` receives, in order, each variable read without a
    /// modifier that `lookup` does not know (compose-go warns about those and uses "").
    static func substitute(
        _ text: String,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> String {
        try substitute(text, depth: 0, lookup: lookup, unset: &unset)
    }

    /// Defaults nested deeper than this are refused rather than risking the stack (compose-go has no limit;
    /// no real file comes near it).
    static let maximumNesting = 200

    private static func substitute(
        _ text: String,
        depth: Int,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> String {
        guard text.utf8.contains(dollar) else { return text }
        guard depth <= maximumNesting else { throw .tooDeep }
        let bytes = Array(text.utf8)
        let out = try substitute(bytes[...], depth: depth, lookup: lookup, unset: &unset)
        return String(decoding: out, as: UTF8.self)
    }

    private static let dollar = UInt8(ascii: "$")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let colon = UInt8(ascii: ":")
    private static let newline = UInt8(ascii: "\n")

    private enum Token {
        case escaped
        case named(Range<Int>)
        /// The text between `${` and the matching `}`.
        case braced(Range<Int>)
        case invalid
    }

    /// compose-go replaces each match of its pattern; after an operator expression it substitutes the rest
    /// of the match (up to the line's last `}`) separately. That rest is scanned here by the same loop: its
    /// expressions cannot reach past the match's end, so the result is the same without recursion.
    private static func substitute(
        _ bytes: ArraySlice<UInt8>,
        depth: Int,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var firstError: Failure?
        var braces = LineBraces()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == dollar, let (token, end) = match(bytes, at: index, braces: &braces) {
                // Like compose-go, keep going after an error so later unset variables are still seen.
                do {
                    let (replaced, resume) = try replacement(token, bytes[index..<end], depth: depth, lookup: lookup, unset: &unset)
                    out += replaced
                    index = resume
                } catch {
                    if firstError == nil { firstError = error }
                    index = end
                }
            } else {
                out.append(byte)
                index += 1
            }
        }
        if let firstError { throw firstError }
        return out
    }

    /// The expression starting at `bytes[start]` (a `$`), as compose-go's pattern would match it.
    private static func match(_ bytes: ArraySlice<UInt8>, at start: Int) -> (Token, end: Int)? {
        var braces = LineBraces()
        return match(bytes, at: start, braces: &braces)
    }

    /// `braces` remembers the last `}` of the line being scanned, so a line full of expressions is
    /// matched in linear time (queries must move forward).
    private static func match(_ bytes: ArraySlice<UInt8>, at start: Int, braces: inout LineBraces) -> (Token, end: Int)? {
        let end = bytes.endIndex
        let next = start + 1
        guard next < end else { return nil }
        let byte = bytes[next]
        if byte == dollar { return (.escaped, start + 2) }
        if isNameStart(byte) {
            var cursor = next + 1
            while cursor < end, isNameChar(bytes[cursor]) { cursor += 1 }
            return (.named(next..<cursor), cursor)
        }
        guard byte == openBrace else { return nil }
        let nameStart = start + 2
        if nameStart < end, isNameStart(bytes[nameStart]) {
            var cursor = nameStart + 1
            while cursor < end, isNameChar(bytes[cursor]) { cursor += 1 }
            if cursor < end {
                if bytes[cursor] == colon, cursor + 1 < end, isOperator(bytes[cursor + 1]),
                   let close = braces.last(in: bytes, from: cursor + 2) {
                    return (.braced(nameStart..<close), close + 1)
                }
                if isOperator(bytes[cursor]), let close = braces.last(in: bytes, from: cursor + 1) {
                    return (.braced(nameStart..<close), close + 1)
                }
                if bytes[cursor] == closeBrace {
                    return (.braced(nameStart..<cursor), cursor + 1)
                }
            }
        }
        return (.invalid, start + 2)
    }

    /// The last `}` before the end of the line: the pattern's greedy `.*}` (`.` stops at newlines).
    private struct LineBraces {
        /// End (exclusive) of the line last examined, and its last `}` at or after where it was examined.
        private var lineEnd = Int.min
        private var lastBrace: Int?

        mutating func last(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
            if start >= lineEnd {
                lastBrace = nil
                var cursor = start
                while cursor < bytes.endIndex, bytes[cursor] != newline {
                    if bytes[cursor] == closeBrace { lastBrace = cursor }
                    cursor += 1
                }
                lineEnd = cursor
            }
            guard let lastBrace, lastBrace >= start else { return nil }
            return lastBrace
        }
    }

    /// compose-go's brace counter (it skips the character after each `{`).
    private static func firstBalancedClose(_ bytes: ArraySlice<UInt8>) -> Int? {
        var open = 0
        var cursor = bytes.startIndex
        while cursor < bytes.endIndex {
            if bytes[cursor] == closeBrace {
                open -= 1
                if open == 0 { return cursor }
            }
            if bytes[cursor] == openBrace {
                open += 1
                cursor += 1
            }
            cursor += 1
        }
        return nil
    }

    /// The replacement of one match, and where scanning resumes (inside the match after an operator
    /// expression cut at its first balanced brace).
    private static func replacement(
        _ token: Token,
        _ expression: ArraySlice<UInt8>,
        depth: Int,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> ([UInt8], resume: Int) {
        let end = expression.endIndex
        switch token {
        case .escaped:
            return ([dollar], end)
        case .invalid:
            throw .invalid
        case .named(let range):
            return (Array(value(of: text(expression[range]), lookup: lookup, unset: &unset).utf8), end)
        case .braced:
            var head = expression
            if let close = firstBalancedClose(expression) {
                head = expression[...close]
            }
            guard let (cut, _) = match(head, at: head.startIndex), case .braced(let content) = cut else {
                throw .invalid
            }
            var nameEnd = content.lowerBound
            while nameEnd < content.upperBound, isNameChar(head[nameEnd]) { nameEnd += 1 }
            let name = text(head[content.lowerBound..<nameEnd])
            guard nameEnd < content.upperBound else {
                // A plain `${NAME}` match never has a rest.
                return (Array(value(of: name, lookup: lookup, unset: &unset).utf8), end)
            }
            let hasColon = head[nameEnd] == colon
            let operatorIndex = hasColon ? nameEnd + 1 : nameEnd
            let argument = text(head[(operatorIndex + 1)..<content.upperBound])
            let resolved = try apply(
                operator: head[operatorIndex], colon: hasColon, name: name, argument: argument,
                depth: depth, lookup: lookup, unset: &unset
            )
            return (Array(resolved.utf8), head.endIndex)
        }
    }

    private static func apply(
        operator op: UInt8,
        colon: Bool,
        name: String,
        argument: String,
        depth: Int,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> String {
        // compose-go substitutes the argument before looking at the variable.
        let argument = try substitute(argument, depth: depth + 1, lookup: lookup, unset: &unset)
        let current = lookup(name)
        let isSet = colon ? !(current ?? "").isEmpty : current != nil
        switch op {
        case UInt8(ascii: "-"):
            return isSet ? (current ?? "") : argument
        case UInt8(ascii: "+"):
            return isSet ? argument : (current ?? "")
        default:
            guard isSet, let current else { throw .missingRequired(variable: name, reason: argument) }
            return current
        }
    }

    private static func value(of name: String, lookup: (String) -> String?, unset: inout [String]) -> String {
        if let found = lookup(name) { return found }
        unset.append(name)
        return ""
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isNameChar(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isOperator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "?")
    }
}
