/// The PORTS column of docker's tables (docker CLI's DisplayablePorts, v28).
enum PortsFormat {
    /// `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 9000-9001/udp`. Ports published on the same number inside and
    /// out, and exposed-only ports, are merged into ranges per address and protocol; the others are listed one by
    /// one after them.
    static func display(_ ports: [PsEntry.Port]) -> String {
        let sorted = ports.sorted { left, right in
            if left.containerPort != right.containerPort { return left.containerPort < right.containerPort }
            if left.hostIP != right.hostIP { return left.hostIP.utf8.lexicographicallyPrecedes(right.hostIP.utf8) }
            if left.hostPort != right.hostPort { return left.hostPort < right.hostPort }
            return left.proto.utf8.lexicographicallyPrecedes(right.proto.utf8)
        }
        var open: [String: Group] = [:]
        var keysInOrder: [String] = []
        var result: [String] = []
        var mappings: [String] = []
        for port in sorted {
            let current = port.containerPort
            if !port.hostIP.isEmpty && port.hostPort != current {
                mappings.append("\(joinHostPort(port.hostIP, String(port.hostPort)))->\(current)/\(port.proto)")
                continue
            }
            let key = port.hostIP.isEmpty ? port.proto : port.hostIP + "/" + port.proto
            guard let group = open[key] else {
                open[key] = Group(ip: port.hostIP, proto: port.proto, first: current, last: current)
                keysInOrder.append(key)
                continue
            }
            if current == group.last + 1 {
                open[key]?.last = current
                continue
            }
            result.append(format(group))
            open[key] = Group(ip: port.hostIP, proto: port.proto, first: current, last: current)
        }
        for key in keysInOrder {
            if let group = open[key] { result.append(format(group)) }
        }
        return (result + mappings).joined(separator: ", ")
    }

    private struct Group {
        var ip: String
        var proto: String
        var first: Int
        var last: Int
    }

    private static func format(_ group: Group) -> String {
        var range = String(group.first)
        if group.first != group.last { range += "-\(group.last)" }
        if !group.ip.isEmpty { range = "\(joinHostPort(group.ip, range))->\(range)" }
        return range + "/" + group.proto
    }

    /// Go's net.JoinHostPort: IPv6 addresses in brackets.
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
