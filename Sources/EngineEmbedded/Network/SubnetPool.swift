import EngineAPI
import Foundation

/// Chooses a free subnet for a new network: the first /24 of the pool that clashes neither with a host route
/// (docker's bridges, the LAN) nor with a network we already recorded.
public struct SubnetPool: Sendable {
    public var pool: IPv4Subnet
    public var size: Int

    public init(pool: IPv4Subnet = IPv4Subnet(address: 0x0A59_0000, prefix: 16), size: Int = 24) {
        self.pool = pool
        self.size = size
    }

    /// Routes to avoid are passed in, so the choice itself is a pure function (tested without a host).
    public func choose(avoiding taken: [IPv4Subnet]) -> IPv4Subnet? {
        guard size >= pool.prefix, size <= 30 else { return nil }
        let step = UInt64(1) << UInt64(32 - size)
        var candidate = UInt64(pool.address)
        while candidate + step - 1 <= UInt64(pool.last) {
            let subnet = IPv4Subnet(address: UInt32(candidate), prefix: size)
            if !taken.contains(where: { $0.prefix > 0 && $0.overlaps(subnet) }) { return subnet }
            candidate += step
        }
        return nil
    }

    /// The host's IPv4 routes (without the default route), from /proc/net/route and `ip -j route`.
    public static func hostRoutes() -> [IPv4Subnet] {
        var routes = Set<IPv4Subnet>()
        if let text = ProcFile.read("/proc/net/route") {
            routes.formUnion(parseProcRoutes(text))
        }
        if let output = try? HostCommand.run(HostCommand.find("ip"), ["-j", "route", "show", "table", "all"]),
           output.status == 0 {
            routes.formUnion(parseIPRoutes(output.stdout))
        }
        return routes.sorted { ($0.address, $0.prefix) < ($1.address, $1.prefix) }
    }

    /// /proc/net/route: little-endian hex destination and mask columns.
    public static func parseProcRoutes(_ text: String) -> [IPv4Subnet] {
        text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, let destination = UInt32(fields[1], radix: 16),
                  let mask = UInt32(fields[7], radix: 16) else { return nil }
            let prefix = mask.nonzeroBitCount
            guard prefix > 0 else { return nil }
            return IPv4Subnet(address: destination.byteSwapped, prefix: prefix)
        }
    }

    /// `ip -j route`: [{"dst":"172.17.0.0/16",…}], "default" skipped.
    public static func parseIPRoutes(_ bytes: [UInt8]) -> [IPv4Subnet] {
        guard case .array(let entries)? = NetworkJSON.decode(bytes) else { return [] }
        return entries.compactMap { entry in
            guard let destination = entry["dst"]?.stringValue, destination != "default",
                  let subnet = IPv4Subnet(destination), subnet.prefix > 0 else { return nil }
            return subnet
        }
    }
}
