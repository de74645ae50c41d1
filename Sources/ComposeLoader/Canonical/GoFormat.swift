import ComposeModel

/// How Go's fmt and encoding/json print values, where compose-go's output depends on it.
enum GoFormat {
    /// Go sorts map keys by their bytes.
    static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `fmt.Sprint` of a YAML scalar.
    static func sprint(_ node: ComposeNode) -> String {
        switch node.value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .double(let number): return formatG(number)
        case .null: return "<nil>"
        case .sequence(let items): return "[" + items.map(sprint).joined(separator: " ") + "]"
        case .mapping(let map):
            let pairs = map.keys.sorted(by: byteOrder).map { "\($0):\(map[$0].map(sprint) ?? "<nil>")" }
            return "map[" + pairs.joined(separator: " ") + "]"
        }
    }

    /// The shortest decimal digits of `number` and the position of its decimal point.
    private static func shortestDigits(_ description: String) -> (digits: String, point: Int) {
        var mantissa = Substring(description)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + fraction
        var point = integerPart.count + exponent
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        if digits == "0" { point = 1 }
        return (digits, point)
    }

    /// `strconv.FormatFloat(x, 'g', -1, 64)`, what `%v` prints for a float64.
    static func formatG(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number < 0 ? "-Inf" : "+Inf") }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        let sign = number < 0 ? "-" : ""
        let (digits, point) = shortestDigits("\(abs(number))")
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            var text = String(digits.prefix(1))
            if digits.count > 1 { text += "." + digits.dropFirst() }
            let magnitude = abs(exponent)
            return sign + text + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return sign + plain(digits, point: point)
    }

    private static func plain(_ digits: String, point: Int) -> String {
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) }
        let index = digits.index(digits.startIndex, offsetBy: point)
        return String(digits[..<index]) + "." + String(digits[index...])
    }

    /// A float32 as encoding/json prints it; stored as the Double with the same shortest digits.
    static func float32Node(_ number: Float, at location: SourceLocation?) -> ComposeNode {
        if number.rounded() == number && abs(number) < 1e15 { return .int(Int(number), at: location) }
        return ComposeNode(.double(Double("\(number)") ?? Double(number)), at: location)
    }

    /// Go's time.Duration.String: `1h2m3.5s`, `150ms`, `0s`.
    static func duration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            let (unit, scale): (String, UInt64) =
                magnitude < 1_000 ? ("ns", 1) : magnitude < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            text = fixed(magnitude, scale: scale) + unit
        } else {
            let hours = magnitude / 3_600_000_000_000
            let minutes = (magnitude / 60_000_000_000) % 60
            let seconds = magnitude % 60_000_000_000
            text = fixed(seconds, scale: 1_000_000_000) + "s"
            if hours > 0 || minutes > 0 { text = "\(minutes)m" + text }
            if hours > 0 { text = "\(hours)h" + text }
        }
        return negative ? "-" + text : text
    }

    /// `value / scale` with the fraction's trailing zeros removed.
    private static func fixed(_ value: UInt64, scale: UInt64) -> String {
        let whole = value / scale
        var fraction = value % scale
        guard scale > 1, fraction > 0 else { return String(whole) }
        var width = String(scale).count - 1
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: width - digits.count) + digits
    }
}
