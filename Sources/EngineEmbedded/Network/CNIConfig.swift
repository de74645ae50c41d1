import Foundation

/// The CNI network configuration lists generated from a network record (recipes §5.1).
public enum CNIConfig {
    public static let version = "1.0.0"

    /// bridge (gateway, hairpin) with host-local IPAM on tmpfs, plus portmap when the container publishes ports.
    /// Masquerading and forwarding are the network's own rules (`NetworkFirewall`), made once per network: the
    /// bridge plugin's `ipMasq` and the firewall plugin would add iptables chains for every container, which
    /// made a start cost most of a second and serialised every start on the iptables lock.
    /// `staticIPs` (CIDR form) are the container's requested addresses (compose `ipv4_address`/`ipv6_address`),
    /// which host-local takes from the bridge plugin's `runtimeConfig`.
    public static func conflist(for record: NetworkRecord, ipamDirectory: String, publishing: Bool = true,
                                staticIPs: [String] = []) -> NetworkJSON {
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
        var bridge: NetworkJSON = .object([
            "type": .string("bridge"),
            "bridge": .string(record.bridge),
            "isGateway": .bool(true),
            "ipMasq": .bool(false),
            "hairpinMode": .bool(true),
            "promiscMode": .bool(false),
            "ipam": .object([
                "type": .string("host-local"),
                "ranges": .array(ranges),
                "routes": .array(routes),
                "dataDir": .string(ipamDirectory),
            ]),
        ])
        if !staticIPs.isEmpty { bridge["runtimeConfig"] = .object(["ips": .array(staticIPs.map { .string($0) })]) }
        let portmap: NetworkJSON = .object([
            "type": .string("portmap"),
            "snat": .bool(true),
            "capabilities": .object(["portMappings": .bool(true)]),
        ])
        return .object([
            "cniVersion": .string(version),
            "name": .string(record.bridge),
            "plugins": .array(publishing ? [bridge, portmap] : [bridge]),
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
