/// One `extra_hosts` entry: a host name and one address (compose-go prints these as `host=address`).
public struct ComposeExtraHost: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var address: String

    public init(host: String, address: String) {
        self.host = host
        self.address = address
    }

    public var description: String { "\(host)=\(address)" }
}
