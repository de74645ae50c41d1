/// Reads the keys of one mapping node, remembering which were used so that `finish()` can report the
/// unknown ones (a typed model must not drop data silently) and return the `x-` extensions.
struct ComposeMappingReader {
    let context: ComposeDecodingContext
    let path: String
    let node: ComposeNode
    let mapping: ComposeMapping
    /// Keys read so far; a list (not a set) because the common case only needs its count.
    private var used: [String] = []

    init?(_ node: ComposeNode, path: String, context: ComposeDecodingContext) {
        guard let mapping = context.mapping(node, path) else { return nil }
        self.context = context
        self.path = path
        self.node = node
        self.mapping = mapping
    }

    var location: SourceLocation? { node.location }

    func childPath(_ key: String) -> String { ComposeDecodingContext.child(path, key) }

    /// The child node of `key` (marking the key as known), nil when absent.
    mutating func take(_ key: String) -> ComposeNode? {
        guard let child = mapping[key] else { return nil }
        used.append(key)
        return child
    }

    mutating func string(_ key: String) -> String? {
        take(key).flatMap { context.string($0, childPath(key)) }
    }

    mutating func int(_ key: String) -> Int? {
        take(key).flatMap { context.int($0, childPath(key)) }
    }

    mutating func bool(_ key: String) -> Bool? {
        take(key).flatMap { context.bool($0, childPath(key)) }
    }

    mutating func double(_ key: String) -> Double? {
        take(key).flatMap { context.double($0, childPath(key)) }
    }

    mutating func duration(_ key: String) -> ComposeDuration? {
        take(key).flatMap { context.duration($0, childPath(key)) }
    }

    mutating func byteSize(_ key: String) -> ComposeByteSize? {
        take(key).flatMap { context.byteSize($0, childPath(key)) }
    }

    mutating func fileMode(_ key: String) -> Int? {
        take(key).flatMap { context.fileMode($0, childPath(key)) }
    }

    mutating func closed<Value: RawRepresentable>(_ key: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        take(key).flatMap { context.closed($0, childPath(key), as: type) }
    }

    mutating func strings(_ key: String) -> [String] {
        take(key).map { context.strings($0, childPath(key)) } ?? []
    }

    /// A list that distinguishes null (absent) from `[]` (`command`, `entrypoint`: `[]` clears the image's).
    mutating func nullableStrings(_ key: String) -> [String]? {
        guard let child = take(key), !child.isNull else { return nil }
        return context.strings(child, childPath(key))
    }

    mutating func stringMap(_ key: String) -> [String: String] {
        take(key).map { context.stringMap($0, childPath(key)) } ?? [:]
    }

    mutating func nullableStringMap(_ key: String) -> [String: String?] {
        take(key).map { context.nullableStringMap($0, childPath(key)) } ?? [:]
    }

    mutating func object<Value: ComposeNodeCodable>(_ key: String, as type: Value.Type) -> Value? {
        take(key).flatMap { Value(node: $0, path: childPath(key), context: context) }
    }

    mutating func list<Element: ComposeNodeCodable>(_ key: String, of type: Element.Type) -> [Element] {
        take(key).map { context.list($0, childPath(key), of: type) } ?? []
    }

    mutating func map<Element: ComposeNodeCodable>(_ key: String, of type: Element.Type) -> [String: Element] {
        take(key).map { context.map($0, childPath(key), of: type) } ?? [:]
    }

    mutating func nullableMap<Element: ComposeNodeCodable>(_ key: String, of type: Element.Type)
        -> [String: Element?] {
        take(key).map { context.nullableMap($0, childPath(key), of: type) } ?? [:]
    }

    /// Reports every key that was not read and is not an `x-` extension; returns the extensions.
    func finish() -> [String: ComposeNode] {
        // Each key is taken at most once, so equal counts mean every key was known.
        if used.count == mapping.count { return [:] }
        let known = Set(used)
        var extensions: [String: ComposeNode] = [:]
        for (key, value) in mapping where !known.contains(key) {
            if key.hasPrefix("x-") {
                extensions[key] = value
            } else {
                context.fail(
                    at: mapping.keyLocation(key) ?? value.location, childPath(key),
                    "unknown key \"\(key)\" in the typed model")
            }
        }
        return extensions
    }
}
