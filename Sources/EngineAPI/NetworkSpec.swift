/// A network to create, in engine-neutral terms.
public struct NetworkSpec: Sendable, Hashable, Codable {
    public var name: String
    public var driver: String?
    public var driverOptions: [String: String] = [:]
    public var labels: [String: String] = [:]
    public var isInternal = false
    public var attachable = false
    public var enableIPv4: Bool?
    public var enableIPv6: Bool?
    public var ipam: IPAMSpec?

    public init(name: String) {
        self.name = name
    }
}

public struct IPAMSpec: Sendable, Hashable, Codable {
    public struct Pool: Sendable, Hashable, Codable {
        public var subnet: String?
        public var gateway: String?
        public var ipRange: String?
        public var auxiliaryAddresses: [String: String] = [:]

        public init(subnet: String? = nil, gateway: String? = nil, ipRange: String? = nil) {
            self.subnet = subnet
            self.gateway = gateway
            self.ipRange = ipRange
        }
    }

    public var driver: String?
    public var pools: [Pool] = []
    public var options: [String: String] = [:]

    public init(driver: String? = nil, pools: [Pool] = []) {
        self.driver = driver
        self.pools = pools
    }
}

/// A volume to create, in engine-neutral terms.
public struct VolumeSpec: Sendable, Hashable, Codable {
    public var name: String
    public var driver: String?
    public var driverOptions: [String: String] = [:]
    public var labels: [String: String] = [:]

    public init(name: String) {
        self.name = name
    }
}
