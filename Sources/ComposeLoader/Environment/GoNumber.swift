import ComposeModel

/// Go's `strconv` number parsing, for the accepted syntax and the error texts compose-go shows.
enum GoNumber {
    /// `strconv.Atoi` / `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits only.
    static func parseInt(_ text: String, function: String) -> Result<Int, InterpolationCast.Failure> {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(error(function, text, "invalid syntax"))
        }
        guard let magnitude = UInt64(digits) else {
            return .failure(error(function, text, "value out of range"))
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(error(function, text, "value out of range")) }
            return .success(magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(error(function, text, "value out of range")) }
        return .success(Int(magnitude))
    }

    /// `strconv.ParseFloat(s, 64 or 32)`: decimal or hexadecimal (`0x1p-2`) floats, `inf`, `infinity`,
    /// `nan`. The value is kept as written (not rounded to 32 bits) so it prints as written.
    static func parseFloat(_ text: String, single: Bool) -> Result<Double, InterpolationCast.Failure> {
        let function = "strconv.ParseFloat"
        guard isFloatSyntax(text), let value = Double(text) else {
            return .failure(error(function, text, "invalid syntax"))
        }
        if value.isFinite {
            if single, abs(value) > Double(Float.greatestFiniteMagnitude) {
                return .failure(error(function, text, "value out of range"))
            }
            return .success(value)
        }
        if value.isNaN || isInfinityWord(text) { return .success(value) }
        return .failure(error(function, text, "value out of range"))
    }

    private static func error(_ function: String, _ text: String, _ reason: String) -> InterpolationCast.Failure {
        InterpolationCast.Failure(message: "\(function): parsing \(GoQuote.quote(text)): \(reason)")
    }

    private static func isInfinityWord(_ text: String) -> Bool {
        var word = text.lowercased()[...]
        if word.first == "+" || word.first == "-" { word = word.dropFirst() }
        return word == "inf" || word == "infinity"
    }

    /// Go's float grammar, which is narrower than what Swift's `Double(_:)` accepts.
    private static func isFloatSyntax(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower == "nan" || isInfinityWord(lower) { return true }
        var bytes = Array(lower.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        if bytes.starts(with: Array("0x".utf8)) {
            return isHexFloat(bytes.dropFirst(2))
        }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        var sawDigits = false
        var index = bytes.startIndex
        while index < bytes.endIndex, isDigit(bytes[index]) { index += 1; sawDigits = true }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1; sawDigits = true }
        }
        guard sawDigits else { return false }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") {
            index += 1
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return false }
        }
        return index == bytes.endIndex
    }

    /// Go requires a `p` exponent on hexadecimal floats.
    private static func isHexFloat(_ bytes: ArraySlice<UInt8>) -> Bool {
        let isHex: (UInt8) -> Bool = {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
        var sawDigits = false
        var index = bytes.startIndex
        while index < bytes.endIndex, isHex(bytes[index]) { index += 1; sawDigits = true }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.endIndex, isHex(bytes[index]) { index += 1; sawDigits = true }
        }
        guard sawDigits, index < bytes.endIndex, bytes[index] == UInt8(ascii: "p") else { return false }
        index += 1
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let exponentStart = index
        while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index > exponentStart && index == bytes.endIndex
    }
}
