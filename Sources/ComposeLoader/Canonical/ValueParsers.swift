/// Parsers for the text forms compose-go accepts: byte sizes (docker/go-units RAMInBytes), durations
/// (go-str2duration: Go durations plus days and weeks) and shell words (mattn/go-shellwords).
enum ValueParsers {
    struct Failure: Error, Equatable {
        var message: String
    }

    /// `512m` → 536870912; binary multipliers, optional `b` / `ib` suffix, fractions truncated.
    static func ramInBytes(_ text: String) throws(Failure) -> Int64 {
        let bytes = Array(text.utf8)
        guard let separator = bytes.lastIndex(where: { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 32 }) else {
            throw Failure(message: "invalid size: '\(text)'")
        }
        let numberEnd = bytes[separator] == 32 ? separator : separator + 1
        let number = String(decoding: bytes[..<numberEnd], as: UTF8.self)
        var suffix = String(decoding: bytes[(separator + 1)...], as: UTF8.self)
        guard let size = goParseFloat(number) else {
            throw Failure(message: "strconv.ParseFloat: parsing \"\(number)\": invalid syntax")
        }
        if size < 0 { throw Failure(message: "invalid size: '\(text)'") }
        if suffix.isEmpty { return Int64(size) }
        let badSuffix = Failure(message: "invalid suffix: '\(suffix.lowercased())'")
        if suffix.utf8.count > 3 { throw Failure(message: "invalid suffix: '\(suffix)'") }
        suffix = suffix.lowercased()
        let characters = Array(suffix)
        if characters[0] == "b" {
            if characters.count > 1 { throw badSuffix }
            return Int64(size)
        }
        let multipliers: [Character: Double] = [
            "k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776, "p": 1_125_899_906_842_624,
        ]
        guard let multiplier = multipliers[characters[0]] else { throw badSuffix }
        if characters.count == 2 && characters[1] != "b" { throw badSuffix }
        if characters.count == 3 && String(characters[1...]) != "ib" { throw badSuffix }
        let result = size * multiplier
        guard result < 9.2e18 else { throw Failure(message: "invalid size: '\(text)'") }
        return Int64(result)
    }

    /// Go's strconv.ParseFloat for plain decimal text (no hex, no underscores).
    static func goParseFloat(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(text)
    }

    private static let durationUnits: [String: Double] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000, "w": 604_800_000_000_000,
    ]

    /// `1h30m`, `1.5s`, `2d`, `0` → nanoseconds.
    static func duration(_ original: String) throws(Failure) -> Int64 {
        var text = Substring(original)
        var negative = false
        if let first = text.first, first == "-" || first == "+" {
            negative = first == "-"
            text = text.dropFirst()
        }
        if text == "0" { return 0 }
        let invalid = Failure(message: "time: invalid duration \"\(original)\"")
        if text.isEmpty { throw invalid }
        var total = 0.0
        while !text.isEmpty {
            guard let first = text.first, first == "." || first.isASCII && first.isNumber else { throw invalid }
            let integerDigits = text.prefix { $0.isASCII && $0.isNumber }
            text = text.dropFirst(integerDigits.count)
            var fractionDigits: Substring = ""
            var hasFraction = false
            if text.first == "." {
                text = text.dropFirst()
                fractionDigits = text.prefix { $0.isASCII && $0.isNumber }
                text = text.dropFirst(fractionDigits.count)
                hasFraction = !fractionDigits.isEmpty
            }
            if integerDigits.isEmpty && !hasFraction { throw invalid }
            let unitText = text.prefix { $0 != "." && !($0.isASCII && $0.isNumber) }
            if unitText.isEmpty { throw Failure(message: "time: missing unit in duration \"\(original)\"") }
            text = text.dropFirst(unitText.count)
            guard let unit = durationUnits[String(unitText)] else {
                throw Failure(message: "time: unknown unit \"\(unitText)\" in duration \"\(original)\"")
            }
            let value = Double(integerDigits.isEmpty ? "0" : String(integerDigits)) ?? 0
            let fraction = hasFraction ? (Double("0." + fractionDigits) ?? 0) : 0
            total += value * unit + (fraction * unit).rounded(.down)
            if total > 9.223372036854775e18 { throw invalid }
        }
        return Int64(negative ? -total : total)
    }

    /// Splits a command line into words as go-shellwords (v1.0.12, no env/backtick expansion) does:
    /// quotes and backslashes are honoured, and parsing stops at an unquoted `;`, `&`, `|`, `<` or `>`.
    static func shellWords(_ line: String) throws(Failure) -> [String] {
        var args: [String] = []
        var buffer = ""
        var escaped = false, doubleQuoted = false, singleQuoted = false, backQuote = false, dollarQuote = false
        var got = false
        for char in line {
            if escaped {
                buffer.append(char)
                escaped = false
                got = true
                continue
            }
            if char == "\\" {
                if singleQuoted { buffer.append(char) } else { escaped = true }
                continue
            }
            if char == " " || char == "\t" || char == "\r" || char == "\n" || char == "\r\n" {
                if singleQuoted || doubleQuoted || backQuote || dollarQuote {
                    buffer.append(char)
                } else if got {
                    args.append(buffer)
                    buffer = ""
                    got = false
                }
                continue
            }
            switch char {
            case "`":
                if !singleQuoted && !doubleQuoted && !dollarQuote { backQuote.toggle() }
            case ")":
                if !singleQuoted && !doubleQuoted && !backQuote { dollarQuote.toggle() }
            case "(":
                if !singleQuoted && !doubleQuoted && !backQuote {
                    if !dollarQuote && buffer.hasSuffix("$") {
                        dollarQuote = true
                        buffer.append("(")
                        continue
                    }
                    throw Failure(message: "invalid command line string")
                }
            case "\"":
                if !singleQuoted && !dollarQuote {
                    if doubleQuoted { got = true }
                    doubleQuoted.toggle()
                    continue
                }
            case "'":
                if !doubleQuoted && !dollarQuote {
                    if singleQuoted { got = true }
                    singleQuoted.toggle()
                    continue
                }
            case ";", "&", "|", "<", ">":
                if !(singleQuoted || doubleQuoted || backQuote || dollarQuote) {
                    if char == ">" && !buffer.isEmpty && buffer.allSatisfy({ $0.isASCII && $0.isNumber }) {
                        got = false
                    }
                    if got { args.append(buffer) }
                    return args
                }
            default:
                break
            }
            got = true
            buffer.append(char)
        }
        if got { args.append(buffer) }
        if escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote {
            throw Failure(message: "invalid command line string")
        }
        return args
    }
}
