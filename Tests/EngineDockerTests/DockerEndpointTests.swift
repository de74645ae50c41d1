import EngineDocker
import Testing

@Suite("Docker endpoints")
struct DockerEndpointTests {
    @Test("parses DOCKER_HOST forms", arguments: [
        ("unix:///var/run/docker.sock", "unix:///var/run/docker.sock"),
        ("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375"),
        ("tcp://localhost", "tcp://localhost:2375"),
    ])
    func parse(text: String, expected: String) throws {
        #expect(try #require(DockerEndpoint(parsing: text)).description == expected)
    }

    @Test("refuses unsupported forms", arguments: ["ssh://host", "unix://relative", "tcp://:1", "tcp://h:x"])
    func refuse(text: String) {
        #expect(DockerEndpoint(parsing: text) == nil)
    }

    @Test("defaults to the local socket")
    func defaults() {
        #expect(DockerEndpoint.fromEnvironment([:])?.description == "unix:///var/run/docker.sock")
        #expect(DockerEndpoint.fromEnvironment(["DOCKER_HOST": "tcp://h:1"])?.description == "tcp://h:1")
    }
}
