import ComposeModel

/// Builds located node trees for the legacy tests, the way the YAML parser would: every key and value
/// at a distinct line, so a test can check that a location survived the conversion.
struct LegacyNodeBuilder {
    let file: String
    private(set) var line = 1

    init(file: String = "fig.yml") {
        self.file = file
    }

    mutating func next(column: Int = 1) -> SourceLocation {
        line += 1
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func scalar(_ text: String) -> ComposeNode {
        .string(text, at: next(column: 10))
    }

    mutating func list(_ items: [String]) -> ComposeNode {
        let at = next(column: 5)
        return .sequence(items.map { .string($0, at: next(column: 7)) }, at: at)
    }

    /// A mapping from ordered pairs; each key gets its own location just before its value.
    mutating func mapping(_ pairs: [(String, (inout LegacyNodeBuilder) -> ComposeNode)]) -> ComposeNode {
        let at = next(column: 3)
        var mapping = ComposeMapping()
        for (key, make) in pairs {
            let keyAt = next(column: 3)
            mapping.set(key, make(&self), keyLocation: keyAt)
        }
        return .mapping(mapping, at: at)
    }

    /// A document whose root starts on line 1.
    mutating func document(_ pairs: [(String, (inout LegacyNodeBuilder) -> ComposeNode)]) -> ComposeNode {
        var root = mapping(pairs)
        root.location = SourceLocation(file: file, line: 1, column: 1)
        return root
    }
}
