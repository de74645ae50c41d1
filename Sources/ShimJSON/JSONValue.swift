/// A JSON document as a plain value. The container supervisor reads and writes its records through this
/// instead of Foundation's JSON, whose code costs the statically linked shim several MiB of resident memory.
/// Objects keep their members in document order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, valid JSON grammar: 64-bit integers keep every digit. `1` and `1.0` are
    /// different values here; the decoder reads both as the integer 1, as Foundation does.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The value of the first member named `key` (Foundation's decoder also keeps the first of duplicates);
    /// nil when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The number as an integer of type `T`; nil when this is not a number or it does not fit. An integral
    /// value written as a fraction or with an exponent ("1.0", "2e2") counts, as Foundation reads it.
    public func integer<T: FixedWidthInteger>(as type: T.Type = T.self) -> T? {
        guard case .number(let text) = self else { return nil }
        if let value = T(text) { return value }
        guard let double = Double(text), double.rounded(.towardZero) == double else { return nil }
        return T(exactly: double)
    }

    /// The string, when this is one.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
