import ComposeTestSupport
import EngineAPI
import EngineDocker
import Foundation
import Testing

/// Where and with what the integration suite runs: `SWIFT_COMPOSE_IT` must contain `docker`; the daemon is
/// `DOCKER_HOST` (or the default socket); the image is `SWIFT_COMPOSE_TEST_IMAGE` or the one
/// `Support/prepare-docker.sh` builds.
enum DockerIntegration {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = (environment["SWIFT_COMPOSE_IT"] ?? "").contains("docker")
    static let image = environment["SWIFT_COMPOSE_TEST_IMAGE"] ?? "swift-compose-test/busybox:1"

    static func engine() throws -> DockerEngine {
        let endpoint = try #require(DockerEndpoint.fromEnvironment(environment), "DOCKER_HOST is not a supported endpoint")
        return DockerEngine(endpoint: endpoint)
    }

    /// A project name no earlier run left behind.
    static func project() -> String {
        "swcit-" + UUID().uuidString.prefix(8).lowercased()
    }
}

@Suite("Docker engine keeps the engine contract (SWIFT_COMPOSE_IT=docker)", .enabled(if: DockerIntegration.enabled), .serialized)
struct DockerContractTests {
    @Test("contract check", arguments: EngineContractSuite.checks)
    func contract(_ check: EngineContractCheck) async throws {
        let context = EngineContractContext(engine: try DockerIntegration.engine(), project: DockerIntegration.project(),
                                            image: DockerIntegration.image)
        do {
            try await check.run(context)
        } catch {
            Issue.record("\(error)")
        }
    }


    @Test("a container created with two networks is on both before it starts (API 1.41: connected after create)")
    func twoNetworks() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let labels = [OwnershipLabels.project: project]
        var front = NetworkSpec(name: "\(project)_front")
        front.labels = labels
        var back = NetworkSpec(name: "\(project)_back")
        back.labels = labels
        var spec = ContainerSpec(name: "\(project)-web-1", image: DockerIntegration.image)
        spec.labels = labels
        var aliased = NetworkAttachment(network: back.name)
        aliased.aliases = ["web"]
        spec.networks = [NetworkAttachment(network: front.name), aliased]
        do {
            _ = try await engine.createNetwork(front)
            _ = try await engine.createNetwork(back)
            let id = try await engine.createContainer(spec)
            let state = try await engine.observe(project: project)
            #expect(state.containers.map(\.networks) == [[back.name, front.name]])
            #expect(state.networks.map(\.containers) == [[id], [id]])
            try await engine.startContainer(id)
            #expect(try await engine.observe(project: project).containers.map(\.state) == [.running])
        } catch {
            Issue.record("\(error)")
        }
        let left = try await engine.observe(project: project)
        for container in left.containers { try await engine.removeContainer(container.id, force: true, removeVolumes: true) }
        for network in left.networks { try await engine.removeNetwork(network.name) }
    }
}
