import ArgumentParser
import EngineAPI
import EngineDocker
import EngineEmbedded
import Foundation

/// Which engine a command drives: `--engine` or `COMPOSE_ENGINE` (default `embedded`), and for Docker the
/// endpoint from `--host` or `DOCKER_HOST`.
struct EngineOptions: ParsableArguments, Sendable {
    @Option(help: "Container engine to use (\"embedded\"|\"docker\"); default: $COMPOSE_ENGINE or embedded")
    var engine: String?

    @Option(name: [.customShort("H"), .long], help: "Docker daemon socket to connect to (default: $DOCKER_HOST)")
    var host: String?

    @Option(help: "State directory of the embedded engine (default: $SWIFT_COMPOSE_STATE_DIR or /var/lib/swift-compose)")
    var stateDir: String?

    func makeEngine(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ContainerEngine {
        let name = engine ?? environment["COMPOSE_ENGINE"].flatMap { $0.isEmpty ? nil : $0 } ?? "embedded"
        switch name {
        case "docker":
            let endpoint = host.map { DockerEndpoint(parsing: $0) } ?? DockerEndpoint.fromEnvironment(environment)
            guard let endpoint else {
                throw CommandFailure("unsupported Docker host \"\(host ?? environment["DOCKER_HOST"] ?? "")\": use unix:///path or tcp://host:port")
            }
            return DockerEngine(endpoint: endpoint)
        case "embedded":
            return Self.embeddedEngine(stateDir: stateDir, environment: environment)
        default:
            throw CommandFailure("unknown engine \"\(name)\": use embedded or docker")
        }
    }

    /// The embedded engine on `--state-dir` (or its default). Its registry client reads
    /// `SWIFT_COMPOSE_INSECURE_REGISTRIES` and `~/.docker/config.json` itself.
    static func embeddedEngine(stateDir: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedEngine {
        let directory = stateDir ?? EmbeddedEngine.defaultStateDirectory(environment: environment)
        var runtime = EmbeddedRuntime.discover(environment: environment)
        // A container that exits on its own is released by this executable (`compose engine release`).
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            runtime.releaseCommand = [executable, "engine", "release", "--state-dir", directory]
        }
        return EmbeddedEngine(stateDirectory: directory, runtime: runtime)
    }
}
