import Foundation

/// The parts of a CNI ADD result the engine uses: addresses and interfaces.
public struct CNIResult: Sendable, Hashable, Codable {
    public struct Interface: Sendable, Hashable, Codable {
        public var name: String
        public var mac: String?
        public var sandbox: String?
    }

    public struct IPConfig: Sendable, Hashable, Codable {
        public var interface: Int?
        /// CIDR form, "10.89.3.2/24".
        public var address: String
        public var gateway: String?

        /// The address without its prefix length.
        public var ip: String { address.split(separator: "/").first.map(String.init) ?? address }
    }

    public var cniVersion: String?
    public var interfaces: [Interface]?
    public var ips: [IPConfig]?

    /// The first IPv4 address, the one peers and /etc/hosts use.
    public var ipv4: String? { ips?.map(\.ip).first { IPv4Subnet.parseAddress($0) != nil } }
    public var ipv6: String? { ips?.map(\.ip).first { $0.contains(":") } }
}

/// What is cached after an ADD so DEL can replay the same config (`<runtime>/cni/cache/<id>-<net>.json`).
struct CNICacheEntry: Codable {
    var containerID: String
    var network: String
    var interfaceName: String
    var netns: String
    var config: NetworkJSON
    var portMappings: [PortMapping]
    var result: NetworkJSON
}
