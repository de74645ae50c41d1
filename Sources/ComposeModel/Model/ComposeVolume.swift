/// A top-level volume (compose-go `types.VolumeConfig`).
public struct ComposeVolume: Sendable, Hashable {
    /// The engine-side name (`corpus_data`), as opposed to the key in the compose file.
    public var name: String?
    public var driver: String?
    public var driverOpts: [String: String] = [:]
    public var external: Bool?
    public var labels: [String: String] = [:]
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init(name: String? = nil) {
        self.name = name
    }
}
