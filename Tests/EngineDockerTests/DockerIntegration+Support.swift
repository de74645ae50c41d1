import EngineAPI
import EngineDocker
import Foundation
import Testing

/// Helpers of the integration suites: containers of one test share a project label, so cleanup finds them.
extension DockerIntegration {
    static func container(_ project: String, _ name: String, command: [String], tty: Bool = false,
                          healthcheck: HealthcheckSpec? = nil, labelled: Bool = true, image: String = image) -> ContainerSpec {
        var spec = ContainerSpec(name: "\(project)-\(name)", image: image)
        spec.command = command
        spec.tty = tty
        spec.healthcheck = healthcheck
        if labelled { spec.labels = [OwnershipLabels.project: project, OwnershipLabels.service: name] }
        return spec
    }

    /// Creates and starts; returns the id.
    static func start(_ engine: DockerEngine, _ spec: ContainerSpec) async throws -> String {
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        return id
    }

    static func logs(_ engine: DockerEngine, _ id: String, _ options: LogOptions = LogOptions()) async throws -> [LogLine] {
        try await bounded {
            var lines: [LogLine] = []
            for try await line in engine.containerLogs(id, options: options) { lines.append(line) }
            return lines
        }
    }

    /// Runs `body`, cancelling it after `seconds`: a safety net so a broken stream fails the test instead
    /// of hanging the suite (not a speed assertion).
    static func bounded<T: Sendable>(_ seconds: UInt64 = 120, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: seconds * 1_000_000_000)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw DockerIntegrationTimeout(seconds: seconds)
            }
            return value
        }
    }

    /// Removes every container labelled with the project, and the named ones.
    static func cleanUp(_ engine: DockerEngine, project: String, names: [String] = []) async {
        let owned = (try? await engine.observe(project: project).containers) ?? []
        let named = (try? await engine.findContainers(names: names)) ?? []
        for container in owned + named {
            try? await engine.removeContainer(container.id, force: true, removeVolumes: true)
        }
    }
}

struct DockerIntegrationTimeout: Error, CustomStringConvertible {
    var seconds: UInt64
    var description: String { "gave up after \(seconds) s" }
}
