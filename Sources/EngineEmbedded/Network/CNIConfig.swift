import Foundation

/// The CNI network configuration lists generated from a network record (recipes §5.1).
public enum CNIConfig {
    public static let version = "1.0.0"

    /// bridge (gateway, masquerade unless internal, hairpin) with host-local IPAM on tmpfs, portmap, firewall.
    public static func conflist(for record: NetworkRecord, ipamDirectory: String) -> NetworkJSON {
        var ranges: [NetworkJSON] = [
            .array([.object(["subnet": .string(record.subnet), "gateway": .string(record.gateway)])]),
        ]
        var routes: [NetworkJSON] = [.object(["dst": .string("0.0.0.0/0")])]
        if let subnet = record.ipv6Subnet {
            var range: [String: NetworkJSON] = ["subnet": .string(subnet)]
            if let gateway = record.ipv6Gateway { range["gateway"] = .string(gateway) }
            ranges.append(.array([.object(range)]))
            routes.append(.object(["dst": .string("::/0")]))
        }
        let bridge: NetworkJSON = .object([
            "type": .string("bridge"),
            "bridge": .string(record.bridge),
            "isGateway": .bool(true),
            "ipMasq": .bool(!record.internal),
            "hairpinMode": .bool(true),
            "promiscMode": .bool(false),
            "ipam": .object([
                "type": .string("host-local"),
                "ranges": .array(ranges),
                "routes": .array(routes),
                "dataDir": .string(ipamDirectory),
            ]),
        ])
        let portmap: NetworkJSON = .object([
            "type": .string("portmap"),
            "snat": .bool(true),
            "capabilities": .object(["portMappings": .bool(true)]),
        ])
        let firewall: NetworkJSON = .object(["type": .string("firewall"), "backend": .string("iptables")])
        return .object([
            "cniVersion": .string(version),
            "name": .string(record.bridge),
            "plugins": .array([bridge, portmap, firewall]),
        ])
    }

    /// The loopback list every container netns gets (CNI_IFNAME=lo).
    public static func loopback() -> NetworkJSON {
        .object([
            "cniVersion": .string(version),
            "name": .string("swc-loopback"),
            "plugins": .array([.object(["type": .string("loopback")])]),
        ])
    }
}
