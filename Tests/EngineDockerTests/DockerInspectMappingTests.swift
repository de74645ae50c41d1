import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker inspect and lookup mapping")
struct DockerInspectMappingTests {
    static let inspect = #"""
    {"Id":"c1","Name":"/shop-web-1","Created":"2026-11-29T12:00:01.5Z","Path":"/bin/sh","Args":["-c","exit 3"],
     "Image":"sha256:aa","RestartCount":2,
     "State":{"Status":"exited","ExitCode":3,"Error":"","OOMKilled":true,"StartedAt":"2026-11-29T12:00:02.123456789Z",
              "FinishedAt":"0001-01-01T00:00:00Z",
              "Health":{"Status":"unhealthy","Log":[{"Output":"probe 1\n"},{"Output":"  probe 2 \n"}]}},
     "Config":{"Image":"busybox:1","Labels":{"com.docker.compose.service":"web"},"Tty":false},
     "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"53/udp":null},
                        "Networks":{"shop_default":{"NetworkID":"n1"}}}}
    """#

    @Test("a container inspect maps exit code, restarts, health log, times, ports, name and command")
    func container() throws {
        let details = DockerEngine.details(of: try JSONDecoder().decode(DockerContainerInspect.self, from: Data(Self.inspect.utf8)))
        #expect(details == ContainerDetails(
            container: ObservedContainer(
                id: "c1", name: "shop-web-1", image: "busybox:1", imageID: "sha256:aa", labels: ["com.docker.compose.service": "web"],
                state: .exited, health: .unhealthy, exitCode: 3, restartCount: 2, networks: ["shop_default"], created: 1_795_953_601.5,
                command: "/bin/sh -c exit 3",
                ports: [ObservedPort(containerPort: 53, portProtocol: .udp),
                        ObservedPort(containerPort: 80, hostIP: "0.0.0.0", hostPort: 8080),
                        ObservedPort(containerPort: 80, hostIP: "::", hostPort: 8080)]),
            healthLog: ["probe 1", "probe 2"], startedAt: "2026-11-29T12:00:02.123456789Z", finishedAt: nil, error: nil, oomKilled: true))
    }

    @Test("RFC 3339 times", arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2000-03-01T00:00:00Z", 951_868_800), ("2026-11-29T14:00:01+02:00", 1_795_953_601),
        ("2026-11-29T12:00:01.25Z", 1_795_953_601.25),
    ])
    func times(text: String, seconds: Double) {
        #expect(DockerTime.seconds(rfc3339: text) == seconds)
    }

    @Test("list ports: command, status and bindings, sorted")
    func listPorts() throws {
        let json = #"""
        [{"Id":"c1","Names":["/p-web-1"],"Command":"nginx -g 'daemon off;'","State":"running","Status":"Up 3 minutes",
          "Ports":[{"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":9000,"Type":"tcp"},
                   {"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":53,"Type":"udp"}]}]
        """#
        let observed = DockerEngine.observed(container: try JSONDecoder().decode([DockerContainerSummary].self, from: Data(json.utf8))[0])
        #expect(observed.command == "nginx -g 'daemon off;'")
        #expect(observed.status == "Up 3 minutes")
        #expect(observed.ports == [
            ObservedPort(containerPort: 53, portProtocol: .udp), ObservedPort(containerPort: 80, hostIP: "0.0.0.0", hostPort: 8080),
            ObservedPort(containerPort: 80, hostIP: "::", hostPort: 8080), ObservedPort(containerPort: 9000),
        ])
    }

    @Test("names are looked up in one anchored, escaped filter and narrowed to exact matches")
    func findByName() throws {
        #expect(DockerEngine.findContainersRequest(names: []) == nil)
        let request = try #require(DockerEngine.findContainersRequest(names: ["p-web-1", "a.b"]))
        let filters = try #require(request.query.first { $0.0 == "filters" }?.1)
        #expect(filters == #"{"name":["^/a\\.b$","^/p-web-1$"]}"#)
        #expect(request.query.first?.1 == "1")
        let json = #"[{"Id":"1","Names":["/p-web-1"]},{"Id":"2","Names":["/p-web-10"]},{"Id":"3","Names":["/axb"]}]"#
        let found = DockerEngine.exactNameMatches(try JSONDecoder().decode([DockerContainerSummary].self, from: Data(json.utf8)),
                                                  names: ["p-web-1", "a.b"])
        #expect(found.map(\.id) == ["1"])
    }

    @Test("all projects: one list filtered by the project label key")
    func allProjects() {
        #expect(DockerEngine.allProjectsRequest().target(version: "1.41")
            == "/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.compose.project%22%5D%7D")
    }

    @Test("a network inspect lists attached container ids")
    func network() throws {
        let json = #"""
        {"Name":"p_default","Id":"n1","Driver":"bridge","EnableIPv6":false,"Internal":true,"IPAM":{"Config":[{"Subnet":"172.20.0.0/16"}]},
         "Containers":{"c2":{"Name":"p-b-1"},"c1":{"Name":"p-a-1"}},"Labels":{"k":"v"}}
        """#
        #expect(DockerEngine.observed(network: try JSONDecoder().decode(DockerNetworkInspect.self, from: Data(json.utf8)))
            == ObservedNetwork(id: "n1", name: "p_default", driver: "bridge", labels: ["k": "v"], isInternal: true,
                               subnets: ["172.20.0.0/16"], containers: ["c1", "c2"]))
    }

    @Test("image removal and wait requests")
    func requests() {
        #expect(DockerEngine.removeImageRequest("reg:5000/app:1", force: true).target(version: "1.41")
            == "/v1.41/images/reg:5000/app:1?force=1")
        let wait = DockerEngine.waitRequest("abc")
        #expect("\(wait.method) \(wait.target(version: "1.41"))" == "POST /v1.41/containers/abc/wait?condition=not-running")
        #expect(wait.unbounded)
    }
}
