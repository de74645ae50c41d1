/// Collects the problems found while decoding a canonical tree into the typed model.
///
/// Decoding goes on after a problem so that one run reports every unknown key and wrong type together.
final class ComposeDecodingContext {
    private(set) var diagnostics: [Diagnostic] = []

    func fail(at location: SourceLocation?, _ path: String, _ message: String) {
        diagnostics.append(.error(at: location, path: path, message))
    }

    func wrongType(_ node: ComposeNode, _ path: String, expected: String) {
        fail(at: node.location, path, "must be \(expected), not \(node.kindName)")
    }

    static func child(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    static func item(_ path: String, _ index: Int) -> String {
        "\(path)[\(index)]"
    }

    // MARK: Scalars
    //
    // The canonical tree already has the printed types; like compose-go's typed decoding (its `cast` hook),
    // a few textual forms are still converted: an integer where text is expected, and numeric or boolean
    // text where a number or boolean is expected.

    func string(_ node: ComposeNode, _ path: String) -> String? {
        switch node.value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default:
            wrongType(node, path, expected: "a string")
            return nil
        }
    }

    func int(_ node: ComposeNode, _ path: String) -> Int? {
        switch node.value {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number && abs(number) < 9e18: return Int(number)
        case .string(let text):
            if let number = Int(text) { return number }
            fail(at: node.location, path, "invalid integer \"\(text)\"")
            return nil
        default:
            wrongType(node, path, expected: "an integer")
            return nil
        }
    }

    func bool(_ node: ComposeNode, _ path: String) -> Bool? {
        switch node.value {
        case .bool(let flag): return flag
        case .string(let text):
            if let flag = ComposeBoolean.parse(text) { return flag }
            fail(at: node.location, path, "invalid boolean \"\(text)\"")
            return nil
        default:
            wrongType(node, path, expected: "a boolean")
            return nil
        }
    }

    func double(_ node: ComposeNode, _ path: String) -> Double? {
        switch node.value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .string(let text):
            if let number = Double(text), number.isFinite { return number }
            fail(at: node.location, path, "invalid number \"\(text)\"")
            return nil
        default:
            wrongType(node, path, expected: "a number")
            return nil
        }
    }

    func duration(_ node: ComposeNode, _ path: String) -> ComposeDuration? {
        guard let text = string(node, path) else { return nil }
        if let duration = ComposeDuration(parsing: text) { return duration }
        fail(at: node.location, path, "invalid duration \"\(text)\"")
        return nil
    }

    func byteSize(_ node: ComposeNode, _ path: String) -> ComposeByteSize? {
        if let number = node.int { return ComposeByteSize(bytes: Int64(number)) }
        guard let text = string(node, path) else { return nil }
        if let size = ComposeByteSize(parsing: text) { return size }
        fail(at: node.location, path, "invalid byte size \"\(text)\"")
        return nil
    }

    /// An octal file mode, printed by compose-go as a string such as `"0440"`.
    func fileMode(_ node: ComposeNode, _ path: String) -> Int? {
        if let number = node.int { return number }
        guard let text = string(node, path) else { return nil }
        if let mode = Int(text, radix: 8) { return mode }
        fail(at: node.location, path, "invalid file mode \"\(text)\"")
        return nil
    }

    func closed<Value: RawRepresentable>(_ node: ComposeNode, _ path: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = Value(rawValue: text) { return value }
        fail(at: node.location, path, "invalid value \"\(text)\"")
        return nil
    }

    // MARK: Collections

    func sequence(_ node: ComposeNode, _ path: String) -> [ComposeNode]? {
        if let items = node.sequence { return items }
        wrongType(node, path, expected: "an array")
        return nil
    }

    func mapping(_ node: ComposeNode, _ path: String) -> ComposeMapping? {
        if let mapping = node.mapping { return mapping }
        wrongType(node, path, expected: "a mapping")
        return nil
    }

    func strings(_ node: ComposeNode, _ path: String) -> [String] {
        guard let items = sequence(node, path) else { return [] }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let text = string(item, Self.item(path, index)) { result.append(text) }
        }
        return result
    }

    func stringMap(_ node: ComposeNode, _ path: String) -> [String: String] {
        guard let mapping = mapping(node, path) else { return [:] }
        var result: [String: String] = [:]
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            if let text = string(value, Self.child(path, key)) { result[key] = text }
        }
        return result
    }

    /// A mapping whose values may be null (`environment`, build `args`: a null value means "unset").
    func nullableStringMap(_ node: ComposeNode, _ path: String) -> [String: String?] {
        guard let mapping = mapping(node, path) else { return [:] }
        var result: [String: String?] = [:]
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            if value.isNull {
                result[key] = .some(nil)
            } else if let text = string(value, Self.child(path, key)) {
                result[key] = .some(text)
            }
        }
        return result
    }

    func list<Element: ComposeNodeCodable>(_ node: ComposeNode, _ path: String, of type: Element.Type) -> [Element] {
        guard let items = sequence(node, path) else { return [] }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let element = Element(node: item, path: Self.item(path, index), context: self) {
                result.append(element)
            }
        }
        return result
    }

    func map<Element: ComposeNodeCodable>(_ node: ComposeNode, _ path: String, of type: Element.Type)
        -> [String: Element] {
        guard let mapping = mapping(node, path) else { return [:] }
        var result: [String: Element] = [:]
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            if let element = Element(node: value, path: Self.child(path, key), context: self) {
                result[key] = element
            }
        }
        return result
    }

    /// A mapping whose values may be null (a service's `networks` and `models`: null means "no options").
    func nullableMap<Element: ComposeNodeCodable>(_ node: ComposeNode, _ path: String, of type: Element.Type)
        -> [String: Element?] {
        guard let mapping = mapping(node, path) else { return [:] }
        var result: [String: Element?] = [:]
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            if value.isNull {
                result[key] = .some(nil)
            } else if let element = Element(node: value, path: Self.child(path, key), context: self) {
                result[key] = .some(element)
            }
        }
        return result
    }
}
