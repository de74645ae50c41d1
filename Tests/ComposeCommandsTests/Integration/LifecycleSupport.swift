import EngineAPI
import EngineEmbedded
import Foundation

/// Helpers of the lifecycle integration suites: the docker CLI for what the engine protocol does not do
/// (tagging an image), polling for a state, and a process's signal masks (to tell why a signal did not arrive).
enum LifecycleSupport {
    /// `docker <arguments>` against the test dockerd; the exit status and the combined output.
    @discardableResult
    static func docker(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let candidates = ["/usr/local/bin/docker", "/usr/bin/docker"]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw IntegrationError("no docker CLI in \(candidates)")
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-H", Integration.dockerHost] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Polls `condition` until it holds or `timeout` passes; returns its last value.
    static func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    /// `SigBlk`/`SigIgn` of a process, from /proc (Linux only; empty elsewhere).
    static func signalMasks(of pid: Int32) -> String {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix("SigBlk") || $0.hasPrefix("SigIgn") }
            .joined(separator: " ")
    }
}

extension IntegrationProject {
    /// The state of one container of the project, by its full name (`<project>-web-1`).
    func state(_ service: String, _ number: Int = 1) async throws -> ObservedContainer.State? {
        try await containers()["\(name)-\(service)-\(number)"]?.state
    }

    /// The states of all the project's containers, keyed `service-number` (`web-1`).
    func states() async throws -> [String: ObservedContainer.State] {
        var result: [String: ObservedContainer.State] = [:]
        for (fullName, container) in try await containers() {
            result[String(fullName.dropFirst(name.count + 1))] = container.state
        }
        return result
    }
}

extension IntegrationProject {
    /// `cleanUp` without leaving the calling thread: `defer { Task { await cleanUp() } }` may never run when
    /// the test process ends right after a suite's last test. `down -v --remove-orphans` removes everything
    /// the project has, from the file or, when it is gone, from labels.
    func cleanUpNow() {
        let down = try? compose(["down", "-v", "--remove-orphans", "-t", "0"])
        if down?.status != 0 {
            // Whatever down could not remove is left to the asynchronous clean-up.
            Task { await cleanUp() }
            return
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

extension IntegrationProject {
    /// The name of the anonymous volume a container mounts: from `docker inspect`, or the embedded engine's record.
    func anonymousVolume(of container: String) async throws -> String {
        switch kind {
        case .docker:
            return try LifecycleSupport.docker(["inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", container])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        case .embedded:
            guard let embedded = engine as? EmbeddedEngine else { throw IntegrationError("not the embedded engine") }
            return try embedded.containers.resolve(container).anonymousVolumes.first ?? ""
        }
    }
}
