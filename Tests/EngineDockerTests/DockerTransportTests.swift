import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker transport")
struct DockerTransportTests {
    @Test("a unix socket becomes an http+unix URL with the percent-encoded path")
    func unixURL() {
        #expect(DockerTransport.baseURL(of: DockerEndpoint(transport: .unixSocket(path: "/var/run/docker.sock")))
            == "http+unix://%2Fvar%2Frun%2Fdocker%2Esock")
        #expect(DockerTransport.baseURL(of: DockerEndpoint(transport: .tcp(host: "10.0.0.2", port: 2375))) == "http://10.0.0.2:2375")
    }

    @Test("paths get the version prefix, query values are percent-encoded")
    func target() {
        let requests = DockerEngine.observeRequests(project: "my app")
        #expect(requests.containers.target(version: "1.41")
            == "/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3Dmy%20app%22%5D%7D")
        var ping = DockerRequest("GET", "/_ping")
        ping.unversioned = true
        #expect(ping.target(version: "1.41") == "/_ping")
    }

    @Test("the API version is min(daemon, 1.47), 1.41 when the daemon does not say", arguments: [
        ("1.41", "1.41"), ("1.47", "1.47"), ("1.51", "1.47"), ("2.0", "1.47"), ("", "1.41"), ("garbage", "1.41"),
    ])
    func negotiate(header: String, expected: String) {
        #expect(DockerAPIVersion.negotiate(serverHeader: header).description == expected)
    }

    @Test("an absent daemon is unavailable, named in the error, after bounded retries")
    func absentDaemon() async {
        let engine = DockerEngine(endpoint: DockerEndpoint(transport: .unixSocket(path: "/tmp/swc-absent.sock")), timeoutSeconds: 5)
        let started = Date()
        do {
            try await engine.ping()
            Issue.record("ping of an absent daemon succeeded")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message == "cannot reach the Docker engine at unix:///tmp/swc-absent.sock")
            #expect(error.isTransient)
        }
        // Two waits of 100 and 400 ms between three attempts. The upper bound only catches an unbounded
        // retry loop: the test pool can be busy for seconds while the suite runs in parallel.
        #expect(Date().timeIntervalSince(started) >= 0.5)
        #expect(Date().timeIntervalSince(started) < 300)
    }

    @Test("a daemon that does not answer times out with the request named, without retries")
    func silentDaemon() async throws {
        let socket = try #require(SilentSocket())
        let engine = DockerEngine(endpoint: DockerEndpoint(transport: .unixSocket(path: socket.path)), timeoutSeconds: 1)
        do {
            try await engine.ping()
            Issue.record("ping of a silent daemon succeeded")
        } catch {
            #expect(error.code == .timeout)
            #expect(error.message == "engine did not answer GET /_ping within 1s")
        }
        // Counted, not timed: wall-clock bounds fail when the test pool is busy. One attempt, no retry.
        #expect(socket.drainConnections() == 1)
    }
}
