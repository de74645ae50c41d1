// Wire shapes of the Docker list endpoints. Property names are the API's own keys, so the structs read like
// the API reference and need no coding keys; only the fields we map are declared.

/// One entry of `GET /containers/json`.
struct DockerContainerSummary: Decodable, Sendable {
    struct NetworkSettings: Decodable, Sendable {
        struct Endpoint: Decodable, Sendable {
            var NetworkID: String?
        }

        var Networks: [String: Endpoint]?
    }

    struct Port: Decodable, Sendable {
        var IP: String?
        var PrivatePort: Int
        var PublicPort: Int?
        var `Type`: String?
    }

    var Id: String
    var Names: [String]?
    var Image: String?
    var ImageID: String?
    var Command: String?
    var Labels: [String: String]?
    var State: String?
    var Status: String?
    var Created: Double?
    var Ports: [Port]?
    var NetworkSettings: NetworkSettings?
}

/// One entry of `GET /networks`.
struct DockerNetworkSummary: Decodable, Sendable {
    struct IPAM: Decodable, Sendable {
        struct Config: Decodable, Sendable {
            var Subnet: String?
        }

        var Config: [Config]?
    }

    var Id: String
    var Name: String
    var Driver: String?
    var Labels: [String: String]?
    var Internal: Bool?
    var EnableIPv6: Bool?
    var IPAM: IPAM?
}

/// The answer of `GET /volumes`.
struct DockerVolumeList: Decodable, Sendable {
    struct Volume: Decodable, Sendable {
        var Name: String
        var Driver: String?
        var Labels: [String: String]?
    }

    var Volumes: [Volume]?
}

/// `GET /images/{ref}/json`, `POST /containers/create`, `POST /networks/create`: we read only the id.
struct DockerIDAnswer: Decodable, Sendable {
    var Id: String
}

/// One entry of `GET /images/json`.
struct DockerImageSummary: Decodable, Sendable {
    var Id: String
    var RepoTags: [String]?
    var RepoDigests: [String]?
}
