import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// The embedded engine of the root integration suites: one state directory per test process, holding the
/// busybox image `swift-compose-test/busybox:1` built once with the engine's own builder from the host's
/// static busybox (FROM scratch, `busybox --install`), like the Docker suites' image.
enum EmbeddedTestEngine {
    static let environment = ProcessInfo.processInfo.environment
    static var enabled: Bool { (environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded") && getuid() == 0 }
    static let image = "swift-compose-test/busybox:1"
    /// Fixed, so the image and the default bridge are reused by the next run instead of piling up.
    static let stateDirectory = NSTemporaryDirectory() + "swc-emb-it"

    /// The supervisor built next to the test bundle (`.build/<config>/compose-shim`).
    static var runtime: EmbeddedRuntime {
        var runtime = EmbeddedRuntime.discover()
        let bundle = Bundle.main.bundlePath.isEmpty ? CommandLine.arguments[0] : Bundle.main.bundlePath
        var directory = (bundle as NSString).deletingLastPathComponent
        for _ in 0..<3 where !FileManager.default.isExecutableFile(atPath: directory + "/compose-shim") {
            directory = (directory as NSString).deletingLastPathComponent
        }
        if FileManager.default.isExecutableFile(atPath: directory + "/compose-shim") { runtime.shim = directory + "/compose-shim" }
        return runtime
    }

    static func engine() async throws -> EmbeddedEngine {
        let engine = EmbeddedEngine(stateDirectory: stateDirectory, runtime: runtime)
        try await ImageOnce.shared.ensure(engine)
        return engine
    }

    /// A project name no earlier run left behind.
    static func project() -> String {
        "swcemb-" + UUID().uuidString.prefix(8).lowercased()
    }

    actor ImageOnce {
        static let shared = ImageOnce()
        private var built = false

        func ensure(_ engine: EmbeddedEngine) async throws {
            guard !built else { return }
            if try await engine.imageID(EmbeddedTestEngine.image) == nil {
                let context = NSTemporaryDirectory() + "swc-emb-image-\(getpid())"
                try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: context) }
                try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: context + "/busybox")
                try "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\nCMD [\"sleep\",\"3600\"]\n"
                    .write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
                _ = try await engine.buildImage(BuildSpec(context: context, tags: [EmbeddedTestEngine.image])) { _ in }
            }
            built = true
        }
    }
}
