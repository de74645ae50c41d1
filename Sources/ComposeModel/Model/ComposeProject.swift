import OrderedCollections

/// A loaded compose project in typed form: the result of the whole loader pipeline.
///
/// Services and top-level resources are keyed by their compose-file name and kept sorted by it, so
/// iteration order is stable and lookups are O(1).
public struct ComposeProject: Sendable, Hashable {
    public var name: String
    public var services: OrderedDictionary<String, ComposeService> = [:]
    public var networks: OrderedDictionary<String, ComposeNetwork> = [:]
    public var volumes: OrderedDictionary<String, ComposeVolume> = [:]
    public var secrets: OrderedDictionary<String, ComposeSecret> = [:]
    public var configs: OrderedDictionary<String, ComposeConfig> = [:]
    public var models: OrderedDictionary<String, ComposeModelDefinition> = [:]
    /// Top-level `x-` keys, kept as written.
    public var extensions: [String: ComposeNode] = [:]

    public init(name: String) {
        self.name = name
    }
}
