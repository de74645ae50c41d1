import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker observation mapping")
struct DockerObservationTests {
    static let containers = #"""
    [{"Id":"c2","Names":["/shop-web-1"],"Image":"nginx:1.27","ImageID":"sha256:aa","Labels":{"com.docker.compose.project":"shop"},
      "State":"running","Status":"Up 3 minutes (healthy)","Created":200,
      "NetworkSettings":{"Networks":{"shop_front":{"NetworkID":"n1"},"shop_back":{"NetworkID":""}}}},
     {"Id":"c1","Names":["/shop-job-1"],"Image":"busybox","ImageID":"sha256:bb","Labels":{},
      "State":"exited","Status":"Exited (137) 2 seconds ago","Created":100,"NetworkSettings":{"Networks":{"shop_back":{}}}}]
    """#
    static let networks = #"""
    [{"Id":"n2","Name":"shop_back","Driver":"bridge","Labels":{"a":"b"},"Internal":true,"EnableIPv6":false,"IPAM":{"Config":[{"Subnet":"10.1.0.0/16"}]}},
     {"Id":"n1","Name":"shop_front","Driver":"bridge","Labels":null,"IPAM":{"Config":null}}]
    """#
    static let volumes = #"{"Volumes":[{"Name":"shop_data","Driver":"local","Labels":null}],"Warnings":null}"#

    static func state() throws -> ObservedState {
        let decoder = JSONDecoder()
        return DockerEngine.observed(
            containers: try decoder.decode([DockerContainerSummary].self, from: Data(containers.utf8)),
            networks: try decoder.decode([DockerNetworkSummary].self, from: Data(networks.utf8)),
            volumes: try decoder.decode(DockerVolumeList.self, from: Data(volumes.utf8)).Volumes ?? [])
    }

    @Test("containers: name without slash, state, health, exit code, networks, creation order")
    func containers() throws {
        let observed = try Self.state().containers
        #expect(observed.map(\.name) == ["shop-job-1", "shop-web-1"])
        #expect(observed[0] == ObservedContainer(id: "c1", name: "shop-job-1", image: "busybox", imageID: "sha256:bb", labels: [:],
                                                 state: .exited, exitCode: 137, networks: ["shop_back"], created: 100,
                                                 status: "Exited (137) 2 seconds ago"))
        #expect(observed[1].health == .healthy)
        #expect(observed[1].exitCode == nil)
        #expect(observed[1].networks == ["shop_back", "shop_front"])
    }

    @Test("networks list their containers from the container list, by name or id")
    func networks() throws {
        let observed = try Self.state().networks
        #expect(observed == [
            ObservedNetwork(id: "n2", name: "shop_back", driver: "bridge", labels: ["a": "b"], isInternal: true,
                            subnets: ["10.1.0.0/16"], containers: ["c2", "c1"]),
            ObservedNetwork(id: "n1", name: "shop_front", driver: "bridge", labels: [:], containers: ["c2"]),
        ])
    }

    @Test("volumes", arguments: [#"{"Volumes":null}"#])
    func volumes(emptyList: String) throws {
        #expect(try Self.state().volumes == [ObservedVolume(name: "shop_data", driver: "local", labels: [:])])
        #expect(try JSONDecoder().decode(DockerVolumeList.self, from: Data(emptyList.utf8)).Volumes == nil)
    }

    @Test("health and state words", arguments: [
        ("Up 1 second (health: starting)", "running", ObservedContainer.Health.starting, ObservedContainer.State.running),
        ("Up 1 second (unhealthy)", "running", .unhealthy, .running),
        ("Up 2 seconds (Paused)", "paused", ObservedContainer.Health.none, .paused),
        ("Created", "created", ObservedContainer.Health.none, .created),
    ])
    func words(status: String, state: String, health: ObservedContainer.Health, expected: ObservedContainer.State) {
        let summary = DockerContainerSummary(Id: "x", Names: nil, Image: nil, ImageID: nil, Labels: nil, State: state, Status: status,
                                             Created: nil, NetworkSettings: nil)
        let observed = DockerEngine.observed(container: summary)
        #expect(observed.health == health)
        #expect(observed.state == expected)
        #expect(observed.name == "x")
    }
}
