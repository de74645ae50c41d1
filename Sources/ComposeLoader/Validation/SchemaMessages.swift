import ComposeModel

/// Wording of schema problems: readable type names, quoted values, enum lists.
enum SchemaMessages {
    /// "a mapping or a list", "a string, a number or null" — in the order the schema lists them.
    static func typeList(_ types: [JSONSchema.Types]) -> String {
        var names: [String] = []
        let hasNumber = types.contains(.number)
        for type in types {
            if type == .integer, hasNumber { continue }
            let name = typeName(type)
            if !names.contains(name) { names.append(name) }
        }
        guard let last = names.last else { return "a valid value" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }

    static func typeName(_ type: JSONSchema.Types) -> String {
        switch type {
        case .object: return "a mapping"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .null: return "null"
        default: return "a valid value"
        }
    }

    static func enumMessage(_ allowed: [ComposeNode]) -> String {
        let rendered = allowed.map(render)
        if rendered.count == 1 { return "must be \(rendered[0])" }
        return "must be one of \(rendered.joined(separator: ", "))"
    }

    static func render(_ value: ComposeNode) -> String {
        if let text = value.string { return quoted(text) }
        if value.isNull { return "null" }
        return value.scalarText ?? value.jsonString(indent: 0)
    }

    /// A value in single quotes, shortened and with control characters escaped so a message stays one line.
    static func quoted(_ text: String) -> String {
        var out = "'"
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 80 {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "'"
    }

    static func additionalProperty(_ key: String, rule: JSONSchema.Node, namedPatterns: Bool) -> String {
        if rule.propertyNames.isEmpty, namedPatterns,
           let pattern = rule.patternProperties.first(where: { $0.pattern.source != "^x-" })?.pattern {
            return "invalid name \(quoted(key)): must match '\(pattern.source)'"
        }
        var message = "additional property \(quoted(key)) is not allowed"
        if let suggestion = EditDistance.suggestion(for: key, among: rule.propertyNames) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
    }

    /// JSON equality: 1 and 1.0 are the same value, "1" and 1 are not; mapping key order is ignored.
    static func sameJSONValue(_ lhs: ComposeNode, _ rhs: ComposeNode) -> Bool {
        lhs == rhs
    }

    /// A key that is equal for JSON-equal values, for `uniqueItems` in linear time.
    static func identity(of node: ComposeNode) -> String {
        switch node.value {
        case .null: return "n"
        case .bool(let flag): return flag ? "t" : "f"
        case .int(let number): return "#" + String(number)
        case .double(let number): return "#" + ComposeNode.format(number)
        case .string(let text): return "s" + text
        case .sequence(let items): return "[" + items.map(identity).joined(separator: "\u{1}") + "]"
        case .mapping(let mapping):
            let parts = mapping.keys.sorted().map { key in key + "\u{2}" + (mapping[key].map(identity) ?? "") }
            return "{" + parts.joined(separator: "\u{1}") + "}"
        }
    }
}
