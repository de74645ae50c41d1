import ComposeModel

extension YAMLRenderer {
    /// Which scalar styles can hold a string without changing it (go-yaml's emitter analysis, block context).
    struct ScalarAnalysis {
        var multiline = false
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = true

        init(_ text: String) {
            let scalars = Array(text.unicodeScalars)
            guard !scalars.isEmpty else {
                blockAllowed = false
                return
            }
            var blockIndicators = false
            var lineBreaks = false
            var special = false
            var tabs = false
            var leadingSpace = false
            var leadingBreak = false
            var trailingSpace = false
            var trailingBreak = false
            var breakSpace = false
            var spaceBreak = false
            var previousSpace = false
            var previousBreak = false
            var precededByWhitespace = true
            // Byte-wise checks throughout: String's own operations compare grapheme clusters, and a
            // combining mark after `-` or a line break would hide it.
            if text.utf8.starts(with: "---".utf8) || text.utf8.starts(with: "...".utf8) {
                blockIndicators = true
            }
            for (index, scalar) in scalars.enumerated() {
                let isLast = index == scalars.count - 1
                let followedByWhitespace = isLast || scalars[index + 1] == " " || scalars[index + 1] == "\t"
                if index == 0 {
                    switch scalar {
                    case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                        blockIndicators = true
                    case "?", ":", "-":
                        if followedByWhitespace { blockIndicators = true }
                    default:
                        break
                    }
                } else if scalar == ":" && followedByWhitespace {
                    blockIndicators = true
                } else if scalar == "#" && precededByWhitespace {
                    blockIndicators = true
                }
                if scalar == "\t" {
                    tabs = true
                } else if !Scalars.isPrintable(scalar) {
                    special = true
                }
                if scalar == " " {
                    if index == 0 { leadingSpace = true }
                    if isLast { trailingSpace = true }
                    if previousBreak { breakSpace = true }
                    previousSpace = true
                    previousBreak = false
                } else if Scalars.isBreak(scalar) {
                    lineBreaks = true
                    if index == 0 { leadingBreak = true }
                    if isLast { trailingBreak = true }
                    if previousSpace { spaceBreak = true }
                    previousSpace = false
                    previousBreak = true
                } else {
                    previousSpace = false
                    previousBreak = false
                }
                precededByWhitespace = scalar == " " || scalar == "\t" || Scalars.isBreak(scalar)
            }
            multiline = lineBreaks
            if leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators {
                blockPlainAllowed = false
            }
            if trailingSpace { blockAllowed = false }
            if breakSpace || spaceBreak || tabs || special {
                blockPlainAllowed = false
                singleQuotedAllowed = false
            }
            if spaceBreak || special { blockAllowed = false }
        }
    }

    /// Scalar text in each style, and the rules for choosing one.
    enum Scalars {
        /// A string as a key or a one-line value: plain if it reads back as this string, else quoted.
        static func valueText(_ text: String, analysis: ScalarAnalysis) -> String {
            if !text.utf8.contains(0x0A), canBePlain(text) {
                if analysis.blockPlainAllowed { return text }
                if analysis.singleQuotedAllowed { return singleQuoted(text) }
            }
            return doubleQuoted(text)
        }

        static func keyText(_ key: String, analysis: ScalarAnalysis) -> String {
            valueText(key, analysis: analysis)
        }

        /// go-yaml quotes strings that would resolve to another type, and YAML 1.1 booleans and
        /// sexagesimal numbers, so that older parsers read them back as strings too.
        static func canBePlain(_ text: String) -> Bool {
            guard case .string = YAMLScalarResolver.implicit(text) else { return false }
            return text != "<<" && !YAMLScalarResolver.isTimestamp(text) && !isOldBool(text) && !isBase60(text)
        }

        static func isOldBool(_ text: String) -> Bool {
            switch text {
            case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF":
                return true
            default:
                return false
            }
        }

        /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
        static func isBase60(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            var index = 0
            func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { return false }
            index += 1
            while isDigit(index) || (index < bytes.count && bytes[index] == UInt8(ascii: "_")) { index += 1 }
            var groups = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                if isDigit(index), isDigit(index + 1) {
                    guard bytes[index] <= UInt8(ascii: "5") else { return false }
                    index += 2
                } else if isDigit(index) {
                    index += 1
                } else {
                    return false
                }
                groups += 1
            }
            guard groups > 0 else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while isDigit(index) || (index < bytes.count && bytes[index] == UInt8(ascii: "_")) { index += 1 }
            }
            return index == bytes.count
        }

        static func singleQuoted(_ text: String) -> String {
            var out = "'"
            for scalar in text.unicodeScalars {
                if scalar == "'" { out += "'" }
                out.unicodeScalars.append(scalar)
            }
            return out + "'"
        }

        static func doubleQuoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                guard !isPrintable(scalar) || isBreak(scalar) || scalar == "\"" || scalar == "\\" else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                switch scalar.value {
                case 0x00: out += "\\0"
                case 0x07: out += "\\a"
                case 0x08: out += "\\b"
                case 0x09: out += "\\t"
                case 0x0A: out += "\\n"
                case 0x0B: out += "\\v"
                case 0x0C: out += "\\f"
                case 0x0D: out += "\\r"
                case 0x1B: out += "\\e"
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x85: out += "\\N"
                case 0xA0: out += "\\_"
                case 0x2028: out += "\\L"
                case 0x2029: out += "\\P"
                default:
                    let (marker, width) = scalar.value <= 0xFF ? ("x", 2) : scalar.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\" + marker + String(repeating: "0", count: max(0, width - hex.count)) + hex
                }
            }
            return out + "\""
        }

        /// A literal block (`|`, `|-`, `|+`, with an indentation indicator when the text starts with a
        /// space or break); lines at `indent`. Returns whether the block keeps trailing breaks (`|+`).
        static func writeLiteral(_ text: String, indent: Int, into out: inout String) -> Bool {
            let scalars = Array(text.unicodeScalars)
            out += "|"
            if let first = scalars.first, first == " " || isBreak(first) {
                out += "2"
            }
            var keep = false
            if let last = scalars.last, isBreak(last) {
                if scalars.count == 1 || isBreak(scalars[scalars.count - 2]) {
                    out += "+"
                    keep = true
                }
            } else {
                out += "-"
            }
            var atLineStart = false
            if let first = scalars.first, isBreak(first) {
                // go-yaml lets a leading break end the header line, which drops it from the value;
                // like libyaml, end the header first so the text reads back unchanged.
                out += "\n"
                atLineStart = true
            }
            var afterBreak = true
            let padding = String(repeating: " ", count: indent)
            for scalar in scalars {
                if isBreak(scalar) {
                    // go-yaml writes a line feed as a new line and other breaks as themselves.
                    out.unicodeScalars.append(scalar)
                    atLineStart = true
                    afterBreak = true
                    continue
                }
                if afterBreak {
                    if !atLineStart { out += "\n" }
                    out += padding
                }
                out.unicodeScalars.append(scalar)
                atLineStart = false
                afterBreak = false
            }
            if !atLineStart { out += "\n" }
            return keep
        }

        /// go-yaml's printable set: 4-byte characters, BOM, C0/C1 controls (but `\n`) are escaped.
        static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A, 0x20...0x7E, 0xA0...0xD7FF: return true
            case 0xE000...0xFFFD: return scalar.value != 0xFEFF
            default: return false
            }
        }

        static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return true
            default: return false
            }
        }

        /// `strconv.FormatFloat(f, 'g', -1, 64)` with go-yaml's names for infinities and NaN.
        static func goFloat(_ number: Double) -> String {
            if number.isNaN { return ".nan" }
            if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
            let sign = number.sign == .minus ? "-" : ""
            if number == 0 { return sign + "0" }
            // Swift's description is the shortest round-tripping digit string, like Go's.
            let text = "\(number.magnitude)"
            let parts = text.split(separator: "e", maxSplits: 1)
            let mantissa = parts[0]
            let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            var digits = ""
            var pointPosition = mantissa.count
            for (offset, character) in mantissa.enumerated() {
                if character == "." { pointPosition = offset } else { digits.append(character) }
            }
            var decimalPoint = pointPosition + exponent
            while digits.hasPrefix("0"), digits.count > 1 {
                digits.removeFirst()
                decimalPoint -= 1
            }
            while digits.hasSuffix("0"), digits.count > 1 {
                digits.removeLast()
            }
            let exp = decimalPoint - 1
            if exp < -4 || exp >= 6 {
                var out = sign + String(digits.prefix(1))
                if digits.count > 1 { out += "." + digits.dropFirst() }
                let magnitude = String(abs(exp))
                out += "e" + (exp < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
                return out
            }
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if decimalPoint >= digits.count {
                return sign + digits + String(repeating: "0", count: decimalPoint - digits.count)
            }
            let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<split] + "." + digits[split...]
        }
    }
}
