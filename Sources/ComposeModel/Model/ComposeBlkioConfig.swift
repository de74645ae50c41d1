/// Block IO weights and throttles (`blkio_config`; compose-go `types.BlkioConfig`).
public struct ComposeBlkioConfig: Sendable, Hashable {
    public var weight: Int?
    public var weightDevice: [WeightDevice] = []
    public var deviceReadBps: [ThrottleDevice] = []
    public var deviceReadIOps: [ThrottleDevice] = []
    public var deviceWriteBps: [ThrottleDevice] = []
    public var deviceWriteIOps: [ThrottleDevice] = []
    public var extensions: [String: ComposeNode] = [:]

    public init() {}

    /// A relative weight for one device.
    public struct WeightDevice: Sendable, Hashable {
        public var path: String
        public var weight: Int
        public var extensions: [String: ComposeNode] = [:]

        public init(path: String, weight: Int) {
            self.path = path
            self.weight = weight
        }
    }

    /// A rate limit for one device (bytes or operations per second).
    public struct ThrottleDevice: Sendable, Hashable {
        public var path: String
        public var rate: ComposeByteSize
        public var extensions: [String: ComposeNode] = [:]

        public init(path: String, rate: ComposeByteSize) {
            self.path = path
            self.rate = rate
        }
    }
}
