import ComposeModel

/// A compiled JSON Schema (the draft-07 subset the compose schema uses), as an arena of nodes.
///
/// `$ref`s are resolved to node indices at compile time so validation never looks anything up by name.
struct JSONSchema: Sendable {
    /// The JSON types a schema can require, as a bit set (`type: ["string", "number"]`).
    struct Types: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        static let object = Types(rawValue: 1 << 0)
        static let array = Types(rawValue: 1 << 1)
        static let string = Types(rawValue: 1 << 2)
        static let number = Types(rawValue: 1 << 3)
        static let integer = Types(rawValue: 1 << 4)
        static let boolean = Types(rawValue: 1 << 5)
        static let null = Types(rawValue: 1 << 6)
        static let all = Types(rawValue: 0x7F)

        /// The types a node satisfies (an integral number is both `integer` and `number`).
        static func of(_ node: ComposeNode) -> Types {
            switch node.value {
            case .null: return .null
            case .bool: return .boolean
            case .int: return [.integer, .number]
            case .double(let number): return number.rounded() == number && number.isFinite ? [.integer, .number] : .number
            case .string: return .string
            case .sequence: return .array
            case .mapping: return .object
            }
        }

        init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        init?(name: String) {
            switch name {
            case "object": self = .object
            case "array": self = .array
            case "string": self = .string
            case "number": self = .number
            case "integer": self = .integer
            case "boolean": self = .boolean
            case "null": self = .null
            default: return nil
            }
        }
    }

    /// One schema object.
    struct Node: Sendable {
        /// Allowed types, in the order the schema lists them (for messages); nil means any.
        var types: [Types]?
        var properties: [String: Int] = [:]
        /// Property names in schema order, for "did you mean" suggestions.
        var propertyNames: [String] = []
        var patternProperties: [(pattern: SchemaPattern, schema: Int)] = []
        /// nil: anything goes; `.forbidden`: `false`; `.schema(i)`: extra keys must match node i.
        var additionalProperties: Additional = .allowed
        var required: [String] = []
        var enumValues: [ComposeNode]?
        var constValue: ComposeNode?
        var oneOf: [Int] = []
        var anyOf: [Int] = []
        var allOf: [Int] = []
        var items: Int?
        var uniqueItems = false
        var minItems: Int?
        var maxItems: Int?
        var minimum: Double?
        var maximum: Double?
        var pattern: SchemaPattern?
        var format: String?
        var ref: Int?
        /// Types this node can accept at all, following `$ref` and `oneOf`/`anyOf` (used to pick a branch).
        var acceptedTypes: Types = .all

        enum Additional: Sendable {
            case allowed
            case forbidden
            case schema(Int)
        }
    }

    var nodes: [Node]
    var root: Int

    subscript(index: Int) -> Node { nodes[index] }
}
