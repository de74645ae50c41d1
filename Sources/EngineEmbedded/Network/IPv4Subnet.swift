import Foundation

/// An IPv4 network in CIDR form ("10.89.3.0/24"), the unit of subnet choice.
public struct IPv4Subnet: Sendable, Hashable, CustomStringConvertible {
    public var address: UInt32
    public var prefix: Int

    public init(address: UInt32, prefix: Int) {
        let clamped = max(0, min(32, prefix))
        self.prefix = clamped
        self.address = address & IPv4Subnet.mask(clamped)
    }

    /// "10.89.3.0/24"; a bare address is a /32.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Subnet.parseAddress(String(parts[0])) else { return nil }
        var prefix = 32
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...32).contains(value) else { return nil }
            prefix = value
        }
        self.init(address: address, prefix: prefix)
    }

    public static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    public static func parseAddress(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    public static func format(_ address: UInt32) -> String {
        "\(address >> 24).\((address >> 16) & 255).\((address >> 8) & 255).\(address & 255)"
    }

    public var description: String { "\(IPv4Subnet.format(address))/\(prefix)" }

    public var last: UInt32 { address | ~IPv4Subnet.mask(prefix) }

    public func contains(_ other: UInt32) -> Bool { other & IPv4Subnet.mask(prefix) == address }

    public func overlaps(_ other: IPv4Subnet) -> Bool {
        address <= other.last && other.address <= last
    }

    /// The first host address, the conventional gateway ("10.89.3.1").
    public var firstHost: String { IPv4Subnet.format(address + (prefix < 31 ? 1 : 0)) }
}
