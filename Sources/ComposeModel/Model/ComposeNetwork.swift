/// A top-level network (compose-go `types.NetworkConfig`).
public struct ComposeNetwork: Sendable, Hashable {
    /// The engine-side name (`corpus_default`), as opposed to the key in the compose file.
    public var name: String?
    public var driver: String?
    public var driverOpts: [String: String] = [:]
    public var ipam: IPAM?
    public var external: Bool?
    public var `internal`: Bool?
    public var attachable: Bool?
    public var labels: [String: String] = [:]
    public var enableIPv4: Bool?
    public var enableIPv6: Bool?
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init(name: String? = nil) {
        self.name = name
    }

    /// IP address management of a network.
    public struct IPAM: Sendable, Hashable {
        public var driver: String?
        public var config: [Pool] = []
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// One address pool.
    public struct Pool: Sendable, Hashable {
        public var subnet: String?
        public var gateway: String?
        public var ipRange: String?
        public var auxAddresses: [String: String] = [:]
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }
}
