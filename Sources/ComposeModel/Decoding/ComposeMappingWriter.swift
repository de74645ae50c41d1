/// Builds the mapping node of one model value, leaving out absent values the way compose-go's
/// `omitempty` does (nil scalars, empty lists and maps); map keys are written sorted, as Go does.
struct ComposeMappingWriter {
    private(set) var mapping = ComposeMapping()

    var node: ComposeNode { .mapping(mapping) }

    mutating func set(_ key: String, _ value: ComposeNode?) {
        if let value { mapping[key] = value }
    }

    mutating func set(_ key: String, _ value: String?) {
        if let value { mapping[key] = .string(value) }
    }

    mutating func set(_ key: String, _ value: Int?) {
        if let value { mapping[key] = .int(value) }
    }

    mutating func set(_ key: String, _ value: Bool?) {
        if let value { mapping[key] = .bool(value) }
    }

    mutating func set(_ key: String, _ value: Double?) {
        if let value { mapping[key] = ComposeNode(.double(value)) }
    }

    mutating func set(_ key: String, _ value: ComposeDuration?) {
        if let value { mapping[key] = .string(value.description) }
    }

    mutating func set(_ key: String, _ value: ComposeByteSize?) {
        if let value { mapping[key] = .string(value.description) }
    }

    mutating func setFileMode(_ key: String, _ value: Int?) {
        if let value { mapping[key] = .string("0" + String(value, radix: 8)) }
    }

    mutating func set<Value: RawRepresentable>(_ key: String, _ value: Value?) where Value.RawValue == String {
        if let value { mapping[key] = .string(value.rawValue) }
    }

    mutating func set(_ key: String, _ value: [String]) {
        if !value.isEmpty { mapping[key] = Self.strings(value) }
    }

    /// Always written: null when nil, `[]` when empty (`command`, `entrypoint`).
    mutating func setNullable(_ key: String, _ value: [String]?) {
        mapping[key] = value.map(Self.strings) ?? .null()
    }

    mutating func set(_ key: String, _ value: [String: String]) {
        guard !value.isEmpty else { return }
        var child = ComposeMapping()
        for key in value.keys.sorted() {
            if let text = value[key] { child[key] = .string(text) }
        }
        mapping[key] = .mapping(child)
    }

    mutating func set(_ key: String, _ value: [String: String?]) {
        guard !value.isEmpty else { return }
        var child = ComposeMapping()
        for (name, text) in value.sorted(by: { $0.key < $1.key }) {
            child[name] = text.map { .string($0) } ?? .null()
        }
        mapping[key] = .mapping(child)
    }

    mutating func set<Value: ComposeNodeCodable>(_ key: String, _ value: Value?) {
        if let value { mapping[key] = value.composeNode }
    }

    mutating func set<Element: ComposeNodeCodable>(_ key: String, _ value: [Element]) {
        if !value.isEmpty { mapping[key] = .sequence(value.map(\.composeNode)) }
    }

    mutating func set<Element: ComposeNodeCodable>(_ key: String, _ value: [String: Element]) {
        guard !value.isEmpty else { return }
        var child = ComposeMapping()
        for (name, element) in value.sorted(by: { $0.key < $1.key }) {
            child[name] = element.composeNode
        }
        mapping[key] = .mapping(child)
    }

    mutating func set<Element: ComposeNodeCodable>(_ key: String, _ value: [String: Element?]) {
        guard !value.isEmpty else { return }
        var child = ComposeMapping()
        for (name, element) in value.sorted(by: { $0.key < $1.key }) {
            child[name] = element.map(\.composeNode) ?? .null()
        }
        mapping[key] = .mapping(child)
    }

    /// The `x-` extensions, sorted, after the regular keys.
    mutating func setExtensions(_ extensions: [String: ComposeNode]) {
        for key in extensions.keys.sorted() {
            if let value = extensions[key] { mapping[key] = value }
        }
    }

    static func strings(_ values: [String]) -> ComposeNode {
        .sequence(values.map { .string($0) })
    }
}
