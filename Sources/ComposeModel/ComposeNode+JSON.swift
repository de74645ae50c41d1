/// JSON rendering of a node tree, indented like `json.MarshalIndent(v, "", "  ")`, keys in tree order.
extension ComposeNode {
    public func jsonString(indent: Int = 2) -> String {
        var out = ""
        out.reserveCapacity(4096)
        writeJSON(into: &out, depth: 0, indent: indent)
        return out
    }

    private func writeJSON(into out: inout String, depth: Int, indent: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number):
            out += number.isFinite ? ComposeNode.format(number) : "null"
        case .string(let text): ComposeNode.writeJSONString(text, into: &out)
        case .sequence(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                ComposeNode.pad(&out, (depth + 1) * indent)
                item.writeJSON(into: &out, depth: depth + 1, indent: indent)
            }
            out += "\n"
            ComposeNode.pad(&out, depth * indent)
            out += "]"
        case .mapping(let mapping):
            if mapping.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            var first = true
            for (key, node) in mapping {
                out += first ? "\n" : ",\n"
                first = false
                ComposeNode.pad(&out, (depth + 1) * indent)
                ComposeNode.writeJSONString(key, into: &out)
                out += ": "
                node.writeJSON(into: &out, depth: depth + 1, indent: indent)
            }
            out += "\n"
            ComposeNode.pad(&out, depth * indent)
            out += "}"
        }
    }

    private static func pad(_ out: inout String, _ count: Int) {
        if count > 0 { out += String(repeating: " ", count: count) }
    }

    /// Writes `text` as a JSON string literal, escaping control characters.
    public static func writeJSONString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
