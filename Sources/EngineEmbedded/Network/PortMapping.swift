import EngineAPI
import Foundation

/// One published port, in the shape portmap's runtimeConfig wants.
public struct PortMapping: Sendable, Hashable, Codable, CustomStringConvertible {
    /// "" = every address.
    public var hostIP: String
    /// 0 = an ephemeral port chosen at allocation.
    public var hostPort: Int
    public var containerPort: Int
    public var `protocol`: String

    public init(hostIP: String = "", hostPort: Int, containerPort: Int, protocol: String = "tcp") {
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`
    }

    public var description: String {
        let ip = hostIP.contains(":") ? "[\(hostIP)]" : (hostIP.isEmpty ? "0.0.0.0" : hostIP)
        return "\(ip):\(hostPort)/\(self.protocol)"
    }

    var cniValue: NetworkJSON {
        .object(["hostIP": .string(hostIP), "hostPort": .int(hostPort), "containerPort": .int(containerPort),
                 "protocol": .string(self.protocol)])
    }

    /// Compose short syntax: `[host_ip:][host_port[-end]:]container_port[-end][/protocol]`, IPv6 hosts in
    /// brackets. Ranges expand to one mapping per port; a single host port with a container range is refused.
    public static func parse(_ text: String) throws(EngineError) -> [PortMapping] {
        func invalid(_ why: String) -> EngineError { EngineError(.invalidArgument, "port \"\(text)\": \(why)") }
        var spec = Substring(text)
        var proto = "tcp"
        if let slash = spec.lastIndex(of: "/") {
            proto = spec[spec.index(after: slash)...].lowercased()
            spec = spec[..<slash]
            guard ["tcp", "udp", "sctp"].contains(proto) else { throw invalid("unknown protocol \(proto)") }
        }
        var hostIP = ""
        if spec.hasPrefix("[") {
            guard let close = spec.firstIndex(of: "]") else { throw invalid("unclosed [") }
            hostIP = String(spec[spec.index(after: spec.startIndex)..<close])
            spec = spec[spec.index(after: close)...]
            guard spec.hasPrefix(":") else { throw invalid("expected : after the host address") }
            spec = spec.dropFirst()
        }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3 {
            guard hostIP.isEmpty else { throw invalid("too many fields") }
            hostIP = parts.removeFirst()
            guard IPv4Subnet.parseAddress(hostIP) != nil || hostIP.isEmpty else { throw invalid("invalid host address \(hostIP)") }
        }
        guard parts.count == 1 || parts.count == 2 else { throw invalid("too many fields") }
        let containerRange = try range(parts[parts.count - 1], invalid)
        var hostRange: ClosedRange<Int>? = nil
        if parts.count == 2, !parts[0].isEmpty { hostRange = try range(parts[0], invalid) }
        if let hostRange, hostRange.count != containerRange.count {
            if hostRange.count > 1 && containerRange.count == 1 {
                // docker: "8000-8010:80" means any one free port of the range; the first is taken here.
                return [PortMapping(hostIP: hostIP, hostPort: hostRange.lowerBound, containerPort: containerRange.lowerBound, protocol: proto)]
            }
            throw invalid("host and container port ranges differ in length")
        }
        return containerRange.enumerated().map { offset, port in
            PortMapping(hostIP: hostIP, hostPort: hostRange.map { $0.lowerBound + offset } ?? 0,
                        containerPort: port, protocol: proto)
        }
    }

    private static func range(_ text: String, _ invalid: (String) -> EngineError) throws(EngineError) -> ClosedRange<Int> {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2, let low = Int(bounds[0]), let high = Int(bounds.last ?? ""),
              (1...65535).contains(low), (1...65535).contains(high), low <= high else {
            throw invalid("invalid port \(text)")
        }
        return low...high
    }
}
