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

}
