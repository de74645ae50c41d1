import ComposeModel

/// How compose-go's `fmt` calls print node values: merge rules build `KEY=value` strings with `%v` and
/// uniqueness keys with `%s` / `%d`, and the results must compare the same way they do there.
enum GoText {
    /// `%v` of a decoded YAML value.
    static func value(_ node: ComposeNode) -> String {
        switch node.value {
        case .null: return "<nil>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return float(number)
        case .string(let text): return text
        case .sequence(let items): return "[" + items.map(value).joined(separator: " ") + "]"
        case .mapping(let mapping):
            let pairs = mapping.map { ($0.key, value($0.value)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            return "map[" + pairs.map { "\($0.0):\($0.1)" }.joined(separator: " ") + "]"
        }
    }

    /// `%T` of a decoded YAML value.
    static func typeName(_ node: ComposeNode) -> String {
        switch node.value {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float64"
        case .string: return "string"
        case .sequence: return "[]interface {}"
        case .mapping: return "map[string]interface {}"
        }
    }

    /// `%s` of a value that may not be a string (`%!s(int=80)`).
    static func verbS(_ node: ComposeNode?) -> String {
        guard let node else { return "%!s(<nil>)" }
        if case .string(let text) = node.value { return text }
        if node.isNull { return "%!s(<nil>)" }
        return "%!s(\(typeName(node))=\(value(node)))"
    }

    /// `%d` of a value that may not be an integer (`%!d(string=80)`).
    static func verbD(_ node: ComposeNode?) -> String {
        guard let node else { return "%!d(<nil>)" }
        if case .int(let number) = node.value { return String(number) }
        if node.isNull { return "%!d(<nil>)" }
        return "%!d(\(typeName(node))=\(value(node)))"
    }

    /// `strconv.FormatFloat(f, 'g', -1, 64)`: shortest digits, exponent form below 1e-4 and from 1e6.
    static func float(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Inf" : "+Inf" }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        let (negative, digits, pointPosition) = shortestDigits(number)
        let exponent = pointPosition - 1
        var text = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            text += String(digits.first ?? "0")
            if digits.count > 1 { text += "." + digits.dropFirst() }
            text += exponent < 0 ? "e-" : "e+"
            let magnitude = abs(exponent)
            text += magnitude < 10 ? "0\(magnitude)" : String(magnitude)
            return text
        }
        if pointPosition <= 0 {
            text += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            text += digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            let index = digits.index(digits.startIndex, offsetBy: pointPosition)
            text += digits[..<index] + "." + digits[index...]
        }
        return text
    }

    /// The shortest round-trip decimal digits of `number` and where the decimal point goes.
    private static func shortestDigits(_ number: Double) -> (Bool, String, Int) {
        // Swift's description is already the shortest round-trip form; only its layout differs.
        var text = "\(abs(number))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var integerPart = text
        var fraction = ""
        if let dot = text.firstIndex(of: ".") {
            integerPart = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        var digits = integerPart + fraction
        var point = integerPart.count + exponent
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 {
            digits.removeLast()
        }
        return (number < 0, digits, point)
    }
}
