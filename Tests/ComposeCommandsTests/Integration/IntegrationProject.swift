import EngineAPI
import EngineDocker
import EngineEmbedded
import Foundation
import Testing

/// The engines the reconciler integration suites run against, as enabled by `SWIFT_COMPOSE_IT`: `docker`
/// (DOCKER_HOST set by scripts/test.sh) in the first pass, `embedded` (root) in the second.
enum EngineKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case docker
    case embedded

    var testDescription: String { rawValue }

    var enabled: Bool {
        switch self {
        case .docker: Integration.dockerEnabled
        case .embedded: Integration.embeddedEnabled
        }
    }
}

/// Whether the engine integration suites run, and what they share.
enum Integration {
    static var selection: String { ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "" }

    static var dockerEnabled: Bool { selection.contains("docker") }

    static var embeddedEnabled: Bool { selection.contains("embedded") && getuid() == 0 }

    /// The arguments of a test that runs on every enabled engine.
    static var engines: [EngineKind] { EngineKind.allCases.filter(\.enabled) }

    static var anyEnabled: Bool { !engines.isEmpty }

    static let image = "swift-compose-test/busybox:1"

    static var dockerHost: String { ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock" }

    /// One embedded state directory per machine, fixed so the test image and the default bridge are reused by
    /// the next run instead of piling up (the engine's own suites use `swc-emb-it`).
    static let embeddedStateDirectory = NSTemporaryDirectory() + "swc-emb-cli-it"

    /// The supervisor built next to `compose`.
    static var shim: String {
        ComposeProcess.executable.deletingLastPathComponent().appendingPathComponent("compose-shim").path
    }

    /// The embedded engine of the test process, on the state directory `compose` uses, with the test image.
    static func embeddedEngine() async throws -> EmbeddedEngine {
        let engine = embeddedEngine(stateDirectory: embeddedStateDirectory)
        try await TestImage.shared.ensure(engine)
        return engine
    }

    /// An embedded engine on `stateDirectory`, with the supervisor built next to `compose`.
    static func embeddedEngine(stateDirectory: String) -> EmbeddedEngine {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_COMPOSE_SHIM"] = shim
        return EmbeddedEngine(stateDirectory: stateDirectory, runtime: .discover(environment: environment))
    }

    /// `tag` names a copy of `source` on `kind`'s engine: `docker tag`, or a one-line build on the embedded one.
    static func tag(_ kind: EngineKind, _ source: String, as tag: String) async throws {
        switch kind {
        case .docker:
            let result = try LifecycleSupport.docker(["tag", source, tag])
            guard result.status == 0 else { throw IntegrationError("docker tag: \(result.output)") }
        case .embedded:
            let engine = try await embeddedEngine()
            let context = NSTemporaryDirectory() + "swc-emb-tag-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: context) }
            try "FROM \(source)\n".write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
            _ = try await engine.buildImage(BuildSpec(context: context, tags: [tag])) { _ in }
        }
    }

    /// Builds the busybox test image (FROM scratch + the host's static busybox) once per test process.
    actor TestImage {
        static let shared = TestImage()
        private var built = false

        func ensure(_ engine: EmbeddedEngine) async throws {
            guard !built else { return }
            if try await engine.imageID(Integration.image) == nil {
                let context = NSTemporaryDirectory() + "swc-emb-cli-image-\(getpid())"
                try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: context) }
                try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: context + "/busybox")
                try "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\nCMD [\"sleep\",\"3600\"]\n"
                    .write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
                _ = try await engine.buildImage(BuildSpec(context: context, tags: [Integration.image])) { _ in }
            }
            built = true
        }
    }
}

/// One test's project on a real engine: a temporary directory with a compose file, a unique project name,
/// the `compose` binary run against it, and the engine itself for assertions. `cleanUp` removes whatever
/// the project left, by label, whatever the test did.
struct IntegrationProject {
    let kind: EngineKind
    let name: String
    let directory: String
    let engine: any ContainerEngine
    /// The embedded engine's state directory (unused on Docker).
    let stateDirectory: String
    var host: String = Integration.dockerHost

    /// `stateDirectory` gives the embedded engine a state of its own, without the test image (the shared one
    /// by default).
    init(_ kind: EngineKind, _ compose: String, prefix: String = "swcit", files: [String: String] = [:],
         stateDirectory: String? = nil) async throws {
        self.kind = kind
        self.stateDirectory = stateDirectory ?? Integration.embeddedStateDirectory
        name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        var all = files
        all["compose.yaml"] = compose
        directory = try ComposeProcess.project(all)
        switch kind {
        case .docker:
            guard let endpoint = DockerEndpoint(parsing: Integration.dockerHost) else {
                throw IntegrationError("unsupported DOCKER_HOST \(Integration.dockerHost)")
            }
            engine = DockerEngine(endpoint: endpoint)
        case .embedded:
            if let stateDirectory {
                engine = Integration.embeddedEngine(stateDirectory: stateDirectory)
            } else {
                engine = try await Integration.embeddedEngine()
            }
        }
    }

    var environment: [String: String] {
        switch kind {
        case .docker:
            ["COMPOSE_ENGINE": "docker", "DOCKER_HOST": host, "COMPOSE_PROGRESS": "plain"]
        case .embedded:
            ["COMPOSE_ENGINE": "embedded", "SWIFT_COMPOSE_STATE_DIR": stateDirectory,
             "SWIFT_COMPOSE_SHIM": Integration.shim, "COMPOSE_PROGRESS": "plain",
             "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        }
    }

    /// `compose -p <name> <arguments>` in the project directory.
    @discardableResult
    func compose(_ arguments: [String], host: String? = nil, extraEnvironment: [String: String] = [:],
                 stdin: String? = nil) throws -> ComposeProcess.Result {
        var environment = environment
        if let host { environment["DOCKER_HOST"] = host }
        environment.merge(extraEnvironment) { $1 }
        return try ComposeProcess.run(["-p", name] + arguments, in: directory, environment: environment, stdin: stdin)
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
