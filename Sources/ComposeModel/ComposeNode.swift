/// A value of a compose document, with the place it was written.
///
/// The loader works on this tree from YAML parsing to canonical form: interpolation, merging, `extends`,
/// validation and normalisation all keep `location`, so any later diagnostic can point at a line and column.
/// Scalars are already resolved to their YAML 1.2 core type (quoted text stays a string).
public struct ComposeNode: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case sequence([ComposeNode])
        case mapping(ComposeMapping)
    }

    /// The compose-specific YAML tags that steer merging (`!reset`, `!override`).
    public enum MergeTag: String, Sendable, Hashable {
        case reset = "!reset"
        case override = "!override"
    }

    public var value: Value
    public var location: SourceLocation?
    public var mergeTag: MergeTag?

    public init(_ value: Value, at location: SourceLocation? = nil, mergeTag: MergeTag? = nil) {
        self.value = value
        self.location = location
        self.mergeTag = mergeTag
    }

    public static func string(_ text: String, at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.string(text), at: location)
    }

    public static func int(_ number: Int, at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.int(number), at: location)
    }

    public static func bool(_ flag: Bool, at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.bool(flag), at: location)
    }

    public static func null(at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.null, at: location)
    }

    public static func sequence(_ items: [ComposeNode], at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.sequence(items), at: location)
    }

    public static func mapping(_ mapping: ComposeMapping, at location: SourceLocation? = nil) -> ComposeNode {
        ComposeNode(.mapping(mapping), at: location)
    }
}

extension ComposeNode {
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var int: Int? {
        if case .int(let number) = value { return number }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    public var double: Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: return nil
        }
    }

    public var mapping: ComposeMapping? {
        if case .mapping(let mapping) = value { return mapping }
        return nil
    }

    public var sequence: [ComposeNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// A scalar rendered as text the way compose-go stringifies it (numbers and booleans included).
    public var scalarText: String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return ComposeNode.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .sequence, .mapping: return nil
        }
    }

    /// The JSON-schema type name of this value, for messages (`must be a mapping`, `must be a string`).
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "mapping"
        }
    }

    /// Formats a double like Go's `strconv.FormatFloat(f, 'g', -1, 64)` for the common range.
    public static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 {
            return String(Int(number))
        }
        return String(number)
    }

    /// Mapping child lookup; nil when this is not a mapping or has no such key.
    public subscript(key: String) -> ComposeNode? {
        get { mapping?[key] }
        set {
            guard var map = mapping else { return }
            map[key] = newValue
            value = .mapping(map)
        }
    }
}

extension ComposeNode: Equatable {
    /// Equality of values only: locations and merge tags are ignored (two equal port entries written on
    /// different lines are the same port).
    public static func == (lhs: ComposeNode, rhs: ComposeNode) -> Bool {
        switch (lhs.value, rhs.value) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.sequence(let a), .sequence(let b)): return a == b
        case (.mapping(let a), .mapping(let b)): return a == b
        default: return false
        }
    }
}
