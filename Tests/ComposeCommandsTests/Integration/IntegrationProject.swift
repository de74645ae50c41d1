import EngineAPI
import EngineDocker
import Foundation
import Testing

/// Whether the engine integration suites run (`SWIFT_COMPOSE_IT=docker`, DOCKER_HOST set by scripts/test.sh).
enum Integration {
    static var dockerEnabled: Bool {
        ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"]?.contains("docker") == true
    }

    static let image = "swift-compose-test/busybox:1"

    static var dockerHost: String { ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock" }
}

/// One test's project on the real engine: a temporary directory with a compose file, a unique project name,
/// the `compose` binary run against it, and the engine itself for assertions. `cleanUp` removes whatever
/// the project left, by label, whatever the test did.
struct IntegrationProject {
    let name: String
    let directory: String
    let engine: DockerEngine
    var host: String = Integration.dockerHost

    init(_ compose: String, prefix: String = "swcit", files: [String: String] = [:]) throws {
        name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        var all = files
        all["compose.yaml"] = compose
        directory = try ComposeProcess.project(all)
        guard let endpoint = DockerEndpoint(parsing: Integration.dockerHost) else {
            throw IntegrationError("unsupported DOCKER_HOST \(Integration.dockerHost)")
        }
        engine = DockerEngine(endpoint: endpoint)
    }

    var environment: [String: String] {
        ["COMPOSE_ENGINE": "docker", "DOCKER_HOST": host, "COMPOSE_PROGRESS": "plain"]
    }

    /// `compose -p <name> <arguments>` in the project directory.
    @discardableResult
    func compose(_ arguments: [String], host: String? = nil, extraEnvironment: [String: String] = [:]) throws -> ComposeProcess.Result {
        var environment = environment
        if let host { environment["DOCKER_HOST"] = host }
        environment.merge(extraEnvironment) { $1 }
        return try ComposeProcess.run(["-p", name] + arguments, in: directory, environment: environment)
    }

    func write(_ compose: String, to file: String = "compose.yaml") throws {
        try compose.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
    }

    func observe() async throws -> ObservedState {
        try await engine.observe(project: name)
    }

    /// The project's containers by name (without the leading slash).
    func containers() async throws -> [String: ObservedContainer] {
        var result: [String: ObservedContainer] = [:]
        for container in try await observe().containers {
            result[container.name.hasPrefix("/") ? String(container.name.dropFirst()) : container.name] = container
        }
        return result
    }

    func cleanUp() async {
        _ = try? compose(["down", "-v", "--remove-orphans", "-t", "0"])
        guard let observed = try? await engine.observe(project: name) else { return }
        for container in observed.containers {
            try? await engine.removeContainer(container.id, force: true, removeVolumes: true)
        }
        for network in observed.networks { try? await engine.removeNetwork(network.name) }
        for volume in observed.volumes { try? await engine.removeVolume(volume.name) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct IntegrationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension IntegrationProject {
    /// Starts `compose -p <name> <arguments>` without waiting.
    func launch(_ arguments: [String], host: String? = nil) throws -> ComposeProcess.Launched {
        var environment = environment
        if let host { environment["DOCKER_HOST"] = host }
        return try ComposeProcess.launch(["-p", name] + arguments, in: directory, environment: environment)
    }
}
