/// How a service joins one network (compose-go `types.ServiceNetworkConfig`).
public struct ComposeServiceNetwork: Sendable, Hashable {
    public var aliases: [String] = []
    public var driverOpts: [String: String] = [:]
    public var gatewayPriority: Int?
    public var interfaceName: String?
    public var ipv4Address: String?
    public var ipv6Address: String?
    public var linkLocalIPs: [String] = []
    public var macAddress: String?
    public var priority: Int?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
