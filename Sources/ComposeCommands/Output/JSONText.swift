/// A JSON value rendered byte for byte as Go's encoding/json does (compact, keys in the given order), so our
/// JSON outputs match docker compose's, including its HTML escaping where docker's code path has it.
indirect enum JSONText: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([JSONText])
    /// Keys in output order (Go sorts map keys; structs keep field order).
    case object([(String, JSONText)])

    static func == (lhs: JSONText, rhs: JSONText) -> Bool {
        lhs.render() == rhs.render()
    }

    /// - Parameter escapeHTML: Go's default: `<`, `>`, `&` as \u003c, \u003e, \u0026.
    func render(escapeHTML: Bool = false) -> String {
        var out = ""
        write(to: &out, escapeHTML: escapeHTML)
        return out
    }

    private func write(to out: inout String, escapeHTML: Bool) {
        switch self {
        case .string(let value):
            JSONText.writeString(value, to: &out, escapeHTML: escapeHTML)
        case .int(let value):
            out += String(value)
        case .bool(let value):
            out += value ? "true" : "false"
        case .null:
            out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out, escapeHTML: escapeHTML)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSONText.writeString(key, to: &out, escapeHTML: escapeHTML)
                out += ":"
                value.write(to: &out, escapeHTML: escapeHTML)
            }
            out += "}"
        }
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func writeString(_ value: String, to out: inout String, escapeHTML: Bool) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            // (A `where` clause would guard only the last pattern of a list.)
            case "<" where escapeHTML, ">" where escapeHTML, "&" where escapeHTML:
                out += unicodeEscape(scalar.value)
            case "\u{2028}", "\u{2029}": out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += unicodeEscape(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        var text = "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            text.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
        return text
    }
}
