// Request bodies of the network and volume endpoints; property names are the API's keys.

/// `POST /networks/create`
struct DockerNetworkCreate: Encodable, Sendable {
    struct IPAM: Encodable, Sendable {
        var Driver: String?
        var Config: [IPAMPool]?
        var Options: [String: String]?
    }

    struct IPAMPool: Encodable, Sendable {
        var Subnet: String?
        var IPRange: String?
        var Gateway: String?
        var AuxiliaryAddresses: [String: String]?
    }

    var Name: String
    /// Without it dockerd before API 1.44 creates a second network of the same name.
    var CheckDuplicate = true
    var Driver: String?
    var Internal: Bool?
    var Attachable: Bool?
    /// API 1.47+; older daemons ignore it.
    var EnableIPv4: Bool?
    var EnableIPv6: Bool?
    var IPAM: IPAM?
    var Options: [String: String]?
    var Labels: [String: String]?
}

/// The endpoint settings of one container on one network (create's `EndpointsConfig`, connect's body).
struct DockerEndpointSettings: Encodable, Sendable {
    struct IPAMConfig: Encodable, Sendable {
        var IPv4Address: String?
        var IPv6Address: String?
        var LinkLocalIPs: [String]?
    }

    var Aliases: [String]?
    var Links: [String]?
    var IPAMConfig: IPAMConfig?
    var MacAddress: String?
    var DriverOpts: [String: String]?
}

/// `POST /networks/{id}/connect`
struct DockerNetworkConnect: Encodable, Sendable {
    var Container: String
    var EndpointConfig: DockerEndpointSettings
}

/// `POST /networks/{id}/disconnect`
struct DockerNetworkDisconnect: Encodable, Sendable {
    var Container: String
    var Force = false
}

/// `POST /volumes/create`
struct DockerVolumeCreate: Encodable, Sendable {
    var Name: String
    var Driver: String?
    var DriverOpts: [String: String]?
    var Labels: [String: String]?
}
