import Crypto
import Foundation

/// One compose network as the embedded engine keeps it: `<state>/networks/<name>.json`.
public struct NetworkRecord: Sendable, Hashable, Codable {
    public var name: String
    /// "swc-<hash10>", at most 15 characters (IFNAMSIZ); also the CNI network name.
    public var bridge: String
    public var subnet: String
    public var gateway: String
    public var ipv6Subnet: String?
    public var ipv6Gateway: String?
    public var `internal`: Bool
    public var labels: [String: String]
    public var createdAt: String

    public init(name: String, bridge: String, subnet: String, gateway: String, ipv6Subnet: String? = nil,
                ipv6Gateway: String? = nil, internal: Bool = false, labels: [String: String] = [:], createdAt: String) {
        self.name = name
        self.bridge = bridge
        self.subnet = subnet
        self.gateway = gateway
        self.ipv6Subnet = ipv6Subnet
        self.ipv6Gateway = ipv6Gateway
        self.internal = `internal`
        self.labels = labels
        self.createdAt = createdAt
    }

    /// A 64-hex id, stable for the life of the network (a new network of the same name gets a new one).
    public var id: String {
        SHA256.hash(data: Data((name + "\u{0}" + bridge + "\u{0}" + createdAt).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// What the caller asks for when creating a network (from the compose `networks:` entry).
public struct NetworkOptions: Sendable, Hashable {
    /// compose `ipam.config[].subnet` / `gateway`; chosen from the pool when nil.
    public var subnet: String?
    public var gateway: String?
    public var enableIPv6: Bool
    public var ipv6Subnet: String?
    public var ipv6Gateway: String?
    public var `internal`: Bool
    public var labels: [String: String]

    public init(subnet: String? = nil, gateway: String? = nil, enableIPv6: Bool = false, ipv6Subnet: String? = nil,
                ipv6Gateway: String? = nil, internal: Bool = false, labels: [String: String] = [:]) {
        self.subnet = subnet
        self.gateway = gateway
        self.enableIPv6 = enableIPv6
        self.ipv6Subnet = ipv6Subnet
        self.ipv6Gateway = ipv6Gateway
        self.internal = `internal`
        self.labels = labels
    }
}
