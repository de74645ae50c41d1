import ComposeModel

/// Resolves YAML scalar text to a typed value the way go-yaml v3 does when decoding into `interface{}`
/// (what compose-go does), so that `0440`, `yes` or `1_000` mean here what they mean to the reference.
enum YAMLScalarResolver {
    static let strTag = "tag:yaml.org,2002:str"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let nullTag = "tag:yaml.org,2002:null"
    static let mergeTag = "tag:yaml.org,2002:merge"

    /// Why an explicitly tagged scalar could not be decoded (go-yaml's wording).
    struct TagMismatch: Error {
        var message: String
    }

    /// The value of a scalar. `plain` is false for quoted and block scalars, which are always strings
    /// unless a standard tag says otherwise.
    static func resolve(_ text: String, tag: String?, plain: Bool) throws(TagMismatch) -> ComposeNode.Value {
        switch tag {
        case nil:
            return plain ? implicit(text) : .string(text)
        case strTag?:
            return .string(text)
        case intTag?, floatTag?, boolTag?, nullTag?:
            let value = implicit(text)
            switch (tag, value) {
            case (intTag?, .int), (floatTag?, .double), (boolTag?, .bool), (nullTag?, .null):
                return value
            case (floatTag?, .int(let number)):
                return .double(Double(number))
            default:
                let found = shortName(kindTag(value))
                let wanted = shortName(tag ?? "")
                throw TagMismatch(message: "cannot decode \(found) `\(text)` as a \(wanted)")
            }
        case "!reset"?, "!override"?:
            // The compose tags only steer merging; the value itself reads as usual.
            return plain ? implicit(text) : .string(text)
        default:
            // go-yaml leaves scalars with tags it cannot resolve as their text.
            return .string(text)
        }
    }

    /// Resolution of an untagged plain scalar.
    static func implicit(_ text: String) -> ComposeNode.Value {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            switch text {
            case "~", "null", "Null", "NULL": return .null
            default: return .string(text)
            }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            switch text {
            case "true", "True", "TRUE": return .bool(true)
            default: return .string(text)
            }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            switch text {
            case "false", "False", "FALSE": return .bool(false)
            default: return .string(text)
            }
        case UInt8(ascii: "."):
            switch text {
            case ".nan", ".NaN", ".NAN": return .double(.nan)
            case ".inf", ".Inf", ".INF": return .double(.infinity)
            default: return yamlFloat(text).map { .double($0) } ?? .string(text)
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch text {
            case "+.inf", "+.Inf", "+.INF": return .double(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
            default: return number(text)
            }
        default:
            return .string(text)
        }
    }

    /// Integers with Go's base prefixes (`0x`, `0o`, `0b`, and a bare leading `0` for octal), then
    /// YAML-style floats; underscores are ignored like go-yaml does.
    private static func number(_ text: String) -> ComposeNode.Value {
        let underscore = UInt8(ascii: "_")
        let plain = text.utf8.contains(underscore) ? String(decoding: text.utf8.filter { $0 != underscore }, as: UTF8.self) : text
        if let parsed = goInteger(plain) {
            if let small = Int(exactly: parsed.magnitude), !parsed.negative {
                return .int(small)
            }
            if parsed.negative {
                if parsed.magnitude <= UInt64(Int.max) {
                    return .int(-Int(parsed.magnitude))
                }
                if parsed.magnitude == UInt64(Int.max) + 1 {
                    return .int(Int.min)
                }
                // Below Int64.min: Go's ParseInt fails; fall through to the float reading.
            } else {
                // An unsigned value above Int64.max (Go keeps a uint64); the closest we hold is a double.
                return .double(Double(parsed.magnitude))
            }
        }
        if let value = yamlFloat(plain) {
            return .double(value)
        }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` syntax (without the range check): sign, optional base prefix.
    static func goInteger(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var radix: UInt64 = 10
        if bytes.first == UInt8(ascii: "0"), bytes.count > 1 {
            let marker = bytes[bytes.index(after: bytes.startIndex)] | 0x20
            switch marker {
            case UInt8(ascii: "x"): radix = 16; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "o"): radix = 8; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "b"): radix = 2; bytes = bytes.dropFirst(2)
            default: radix = 8; bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty else { return nil }
        }
        var magnitude: UInt64 = 0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (scaled, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = scaled.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        return (negative, magnitude)
    }

    /// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, finite values only
    /// (Go's ParseFloat reports overflow as an error, so such text stays a string).
    static func yamlFloat(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        } else {
            guard digits() > 0 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return nil }
        }
        guard index == bytes.count, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func kindTag(_ value: ComposeNode.Value) -> String {
        switch value {
        case .null: return nullTag
        case .bool: return boolTag
        case .int: return intTag
        case .double: return floatTag
        default: return strTag
        }
    }

    private static func shortName(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

extension YAMLScalarResolver {
    /// Whether go-yaml would read plain `text` as a timestamp (its encoder quotes such strings).
    /// Date `YYYY-M-D`, optionally followed by `T`/`t` + time + zone, or a space + time without zone.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maxDigits, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count == 0 ? nil : value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard bytes.count >= 8, let year = number(maxDigits: 4), index == 4, expect(UInt8(ascii: "-")),
              let month = number(maxDigits: 2), (1...12).contains(month), expect(UInt8(ascii: "-")),
              let day = number(maxDigits: 2), day >= 1, day <= daysIn(month: month, year: year) else {
            return false
        }
        if index == bytes.count { return true }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else {
            return false
        }
        index += 1
        guard let hour = number(maxDigits: 2), hour < 24, expect(UInt8(ascii: ":")),
              let minute = number(maxDigits: 2), minute < 60, expect(UInt8(ascii: ":")),
              let second = number(maxDigits: 2), second < 60 else {
            return false
        }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39 {
            index += 1
            _ = number(maxDigits: Int.max)
        }
        if separator == UInt8(ascii: " ") { return index == bytes.count }
        if expect(UInt8(ascii: "Z")) { return index == bytes.count }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return false }
        index += 1
        let hoursStart = index
        guard number(maxDigits: 2) != nil, index - hoursStart == 2, expect(UInt8(ascii: ":")) else { return false }
        let minutesStart = index
        guard number(maxDigits: 2) != nil, index - minutesStart == 2 else { return false }
        return index == bytes.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
