/// Hard limits that keep a hostile file from exhausting time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest compose file accepted, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Most nodes an alias may make the document grow by, in total (a billion-laughs guard).
    public var maxAliasExpansion: Int

    public init(maxFileBytes: Int, maxDepth: Int, maxAliasExpansion: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    public static let `default` = YAMLLimits(maxFileBytes: 64 << 20, maxDepth: 1_000, maxAliasExpansion: 100_000)
}
