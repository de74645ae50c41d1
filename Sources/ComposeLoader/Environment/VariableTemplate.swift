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

        var message: String {
            switch self {
            case .invalid:
                return "invalid interpolation format"
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
        guard text.utf8.contains(dollar) else { return text }
        let bytes = Array(text.utf8)
        let out = try substitute(bytes[...], lookup: lookup, unset: &unset)
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

    private static func substitute(
        _ bytes: ArraySlice<UInt8>,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var firstError: Failure?
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == dollar, let (_, end) = match(bytes, at: index) {
                // Like compose-go, keep going after an error so later unset variables are still seen.
                do {
                    out += try replacement(bytes[index..<end], lookup: lookup, unset: &unset)
                } catch {
                    if firstError == nil { firstError = error }
                }
                index = end
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
                   let close = lastCloseBrace(bytes, from: cursor + 2) {
                    return (.braced(nameStart..<close), close + 1)
                }
                if isOperator(bytes[cursor]), let close = lastCloseBrace(bytes, from: cursor + 1) {
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
    private static func lastCloseBrace(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var found: Int?
        var cursor = start
        while cursor < bytes.endIndex {
            let byte = bytes[cursor]
            if byte == newline { break }
            if byte == closeBrace { found = cursor }
            cursor += 1
        }
        return found
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

    private static func replacement(
        _ expression: ArraySlice<UInt8>,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> [UInt8] {
        guard let (token, _) = match(expression, at: expression.startIndex) else { return Array(expression) }
        switch token {
        case .escaped:
            return [dollar]
        case .invalid:
            throw .invalid
        case .named(let range):
            return Array(value(of: text(expression[range]), lookup: lookup, unset: &unset).utf8)
        case .braced:
            var head = expression
            var rest = expression[expression.endIndex...]
            if let close = firstBalancedClose(expression) {
                head = expression[...close]
                rest = expression[(close + 1)...]
            }
            guard let (cut, _) = match(head, at: head.startIndex), case .braced(let content) = cut else {
                throw .invalid
            }
            var nameEnd = content.lowerBound
            while nameEnd < content.upperBound, isNameChar(head[nameEnd]) { nameEnd += 1 }
            let name = text(head[content.lowerBound..<nameEnd])
            guard nameEnd < content.upperBound else {
                return Array(value(of: name, lookup: lookup, unset: &unset).utf8)
            }
            let hasColon = head[nameEnd] == colon
            let operatorIndex = hasColon ? nameEnd + 1 : nameEnd
            let argument = text(head[(operatorIndex + 1)..<content.upperBound])
            let resolved = try apply(
                operator: head[operatorIndex], colon: hasColon, name: name, argument: argument,
                lookup: lookup, unset: &unset
            )
            let nested = try substitute(rest, lookup: lookup, unset: &unset)
            return Array(resolved.utf8) + nested
        }
    }

    private static func apply(
        operator op: UInt8,
        colon: Bool,
        name: String,
        argument: String,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> String {
        // compose-go substitutes the argument before looking at the variable.
        let argument = try substitute(argument, lookup: lookup, unset: &unset)
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
