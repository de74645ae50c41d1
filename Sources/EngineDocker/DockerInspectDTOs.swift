// Wire shapes of the Docker inspect endpoints; property names are the API's keys, only mapped fields declared.

/// `GET /containers/{id}/json`
struct DockerContainerInspect: Decodable, Sendable {
    struct State: Decodable, Sendable {
        struct Health: Decodable, Sendable {
            struct Probe: Decodable, Sendable {
                var Output: String?
            }

            var Status: String?
            var Log: [Probe]?
        }

        var Status: String?
        var ExitCode: Int?
        var Error: String?
        var OOMKilled: Bool?
        var StartedAt: String?
        var FinishedAt: String?
        var Health: Health?
    }

    struct Config: Decodable, Sendable {
        var Image: String?
        var Labels: [String: String]?
        var Tty: Bool?
        var Cmd: [String]?
        var Entrypoint: [String]?
    }

    struct HostBinding: Decodable, Sendable {
        var HostIp: String?
        var HostPort: String?
    }

    struct NetworkSettings: Decodable, Sendable {
        var Ports: [String: [HostBinding]?]?
        var Networks: [String: DockerContainerSummary.NetworkSettings.Endpoint]?
    }

    var Id: String
    var Name: String?
    var Created: String?
    var Path: String?
    var Args: [String]?
    var Image: String?
    var RestartCount: Int?
    var State: State?
    var Config: Config?
    var NetworkSettings: NetworkSettings?
}

/// `GET /networks/{id}`: like a list entry, plus the attached endpoints keyed by container id.
struct DockerNetworkInspect: Decodable, Sendable {
    struct Endpoint: Decodable, Sendable {
        var Name: String?
    }

    var Id: String
    var Name: String
    var Driver: String?
    var Labels: [String: String]?
    var Internal: Bool?
    var EnableIPv6: Bool?
    var IPAM: DockerNetworkSummary.IPAM?
    var Containers: [String: Endpoint]?
}

/// `POST /containers/{id}/wait`
struct DockerWaitAnswer: Decodable, Sendable {
    struct WaitError: Decodable, Sendable {
        var Message: String?
    }

    var StatusCode: Int
    var Error: WaitError?
}
