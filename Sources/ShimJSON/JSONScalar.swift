/// The Swift types that are JSON scalars: what single-value containers encode and decode directly.
protocol JSONScalar {
    /// The value as JSON; nil when JSON cannot hold it (a non-finite float).
    var jsonValue: JSONValue? { get }
    /// The value of `json`; nil when it is another kind or does not fit.
    init?(json: JSONValue)
}

extension JSONScalar {
    /// `json` as this type, or the DecodingError Foundation's decoder reports.
    static func decoded(from json: JSONValue, path: [any CodingKey]) throws -> Self {
        if let value = Self(json: json) { return value }
        let context = DecodingError.Context(codingPath: path, debugDescription: "Expected \(Self.self), found \(json.kind).")
        switch json {
        case .null: throw DecodingError.valueNotFound(Self.self, context)
        case .number(let text) where Self.self != String.self && Self.self != Bool.self:
            throw DecodingError.dataCorrupted(.init(codingPath: path,
                                                    debugDescription: "Number \(text) does not fit in \(Self.self)."))
        default: throw DecodingError.typeMismatch(Self.self, context)
        }
    }
}

extension JSONValue {
    /// The kind of value, for error messages.
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension Bool: JSONScalar {
    var jsonValue: JSONValue? { .bool(self) }

    init?(json: JSONValue) {
        guard case .bool(let flag) = json else { return nil }
        self = flag
    }
}

extension String: JSONScalar {
    var jsonValue: JSONValue? { .string(self) }

    init?(json: JSONValue) {
        guard case .string(let text) = json else { return nil }
        self = text
    }
}

extension JSONScalar where Self: FixedWidthInteger {
    var jsonValue: JSONValue? { .number(String(self)) }

    init?(json: JSONValue) {
        guard case .number(let text) = json else { return nil }
        if let value = Self(text) {
            self = value
            return
        }
        // Foundation also reads an integral number written as a fraction or with an exponent ("1.0", "2e2").
        guard let double = Double(text), double.rounded(.towardZero) == double, let value = Self(exactly: double) else {
            return nil
        }
        self = value
    }
}

extension JSONScalar where Self: BinaryFloatingPoint & LosslessStringConvertible {
    var jsonValue: JSONValue? {
        guard isFinite else { return nil }
        // Foundation writes an integral value without its ".0".
        let text = description
        return .number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    init?(json: JSONValue) {
        guard case .number(let text) = json, let value = Self(text), value.isFinite else { return nil }
        self = value
    }
}

extension Int: JSONScalar {}
extension Int8: JSONScalar {}
extension Int16: JSONScalar {}
extension Int32: JSONScalar {}
extension Int64: JSONScalar {}
extension UInt: JSONScalar {}
extension UInt8: JSONScalar {}
extension UInt16: JSONScalar {}
extension UInt32: JSONScalar {}
extension UInt64: JSONScalar {}
extension Double: JSONScalar {}
extension Float: JSONScalar {}

/// Keys the coders make themselves: array positions and `super`.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let superKey = JSONKey(stringValue: "super")
}
