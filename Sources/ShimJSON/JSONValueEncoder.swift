/// Encodes `Encodable` values as JSON the way Foundation's `JSONEncoder` does with its default options
/// (compact, `nil` optionals left out, `/` escaped), except that object members keep their encoding order
/// where Foundation's is arbitrary.
public struct JSONValueEncoder {
    public init() {}

    /// The JSON text of `value`.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        try encodeValue(value).serialized()
    }

    /// `value` as a JSON value; throws `EncodingError` when it encodes nothing or a non-finite float.
    public func encodeValue(_ value: some Encodable) throws -> JSONValue {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        guard let result = root.value else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "The value encoded nothing."))
        }
        return result
    }
}

/// One value being encoded. A reference, so nested containers handed out earlier keep filling it.
final class EncodingNode {
    private enum Kind {
        case empty, scalar(JSONValue), object, array
    }

    private var kind = Kind.empty
    /// Object member names, parallel to `children`; unused for arrays.
    private var keys: [String] = []
    private(set) var children: [EncodingNode] = []

    /// The finished value; nil when nothing was encoded (a nested empty value becomes `{}`, as in Foundation).
    var value: JSONValue? {
        switch kind {
        case .empty: return nil
        case .scalar(let json): return json
        case .object:
            return .object(zip(keys, children).map { JSONMember(key: $0, value: $1.value ?? .object([])) })
        case .array: return .array(children.map { $0.value ?? .object([]) })
        }
    }

    func set(_ json: JSONValue) {
        kind = .scalar(json)
    }

    /// Sets a scalar; non-finite floats are refused, as Foundation refuses them by default.
    func set(_ scalar: some JSONScalar, path: [any CodingKey]) throws {
        guard let json = scalar.jsonValue else {
            throw EncodingError.invalidValue(scalar, .init(codingPath: path, debugDescription: "\(scalar) is not valid JSON."))
        }
        kind = .scalar(json)
    }

    /// Makes this an object, keeping its members when it already is one.
    func makeObject() {
        if case .object = kind { return }
        kind = .object
        keys = []
        children = []
    }

    func makeArray() {
        if case .array = kind { return }
        kind = .array
        keys = []
        children = []
    }

    /// The node of member `key`, fresh; a key encoded again replaces the earlier value in place.
    func member(_ key: String) -> EncodingNode {
        makeObject()
        let node = EncodingNode()
        if let position = keys.firstIndex(of: key) {
            children[position] = node
        } else {
            keys.append(key)
            children.append(node)
        }
        return node
    }

    func appendElement() -> EncodingNode {
        makeArray()
        let node = EncodingNode()
        children.append(node)
        return node
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeEncoder(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try value.encode(to: NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.member(JSONKey.superKey.stringValue), codingPath: codingPath + [JSONKey.superKey])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }

    private func put(_ value: some JSONScalar, _ key: Key) throws {
        try node.member(key.stringValue).set(value, path: codingPath + [key])
    }
}

struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.children.count }

    mutating func encodeNil() throws { node.appendElement().set(.null) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: nextEncoder())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nextEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        nextEncoder().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        nextEncoder()
    }

    private func nextEncoder() -> NodeEncoder {
        let path = codingPath + [JSONKey(intValue: count)]
        return NodeEncoder(node: node.appendElement(), codingPath: path)
    }

    private func put(_ value: some JSONScalar) throws {
        let path = codingPath + [JSONKey(intValue: count)]
        try node.appendElement().set(value, path: path)
    }
}

struct SingleNodeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: String) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Double) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Float) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Int) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Int8) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Int16) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Int32) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: Int64) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: UInt) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: UInt8) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: UInt16) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: UInt32) throws { try node.set(value, path: codingPath) }
    mutating func encode(_ value: UInt64) throws { try node.set(value, path: codingPath) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}
