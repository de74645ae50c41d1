import ComposeTestSupport
import Foundation
import Testing

/// `compose engine load|images|save|prune|info` on the embedded engine's store, through the binary, with
/// archives made by umoci and skopeo (no Docker).
@Suite("engine commands on the embedded store (SWIFT_COMPOSE_IT=embedded)", .serialized,
       .enabled(if: EmbeddedIntegration.enabled && EmbeddedIntegration.hasImageTools))
struct EngineCommandEmbeddedTests {
    @Test("load a docker-save tar and an OCI archive, list them, save and reload, prune everything")
    func loadListSavePrune() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let images = try EmbeddedIntegration.makeTestImages(in: work + "/img")
        let state = ["--state-dir", work + "/state"]

        let load = try ComposeProcess.run(["engine", "load", "-i", images + "/docker.tar"] + state, in: work)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout == "Loaded image: test/busybox:1\n")
        let loadOCI = try ComposeProcess.run(["engine", "load", "--input", images + "/oci.tar"] + state, in: work)
        #expect(loadOCI.stdout == "Loaded image: t:latest\n", "\(loadOCI.stderr)")

        let listed = try ComposeProcess.run(["engine", "images", "--format", "json"] + state, in: work)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { "\($0["Repository"] ?? ""):\($0["Tag"] ?? "")" }.sorted() == ["t:latest", "test/busybox:1"])
        // Both archives hold the same image: one id.
        #expect(Set(rows.compactMap { $0["ID"] as? String }).count == 1)
        let quiet = try ComposeProcess.run(["engine", "images", "-q"] + state, in: work)
        #expect(quiet.stdout.split(separator: "\n").count == 1)

        let info = try ComposeProcess.run(["engine", "info", "--format", "json"] + state, in: work)
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(facts["Images"] as? Int == 1)
        #expect(facts["Layers"] as? Int == 2)

        let saved = work + "/saved.tar"
        let save = try ComposeProcess.run(["engine", "save", "-o", saved, "test/busybox:1"] + state, in: work)
        #expect(save.status == 0, "\(save.stderr)")
        let missing = try ComposeProcess.run(["engine", "save", "-o", saved, "absent:1"] + state, in: work)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such image: absent:1"), "\(missing.stderr)")

        let refused = try ComposeProcess.run(["engine", "prune", "-a"] + state, in: work)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("use -f"))
        let prune = try ComposeProcess.run(["engine", "prune", "-af"] + state, in: work)
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("untagged: test/busybox:1\n"), "\(prune.stdout)")
        #expect(prune.stdout.contains("Total reclaimed space: "))
        let empty = try ComposeProcess.run(["engine", "info", "--format", "json"] + state, in: work)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any])
        #expect(after["Images"] as? Int == 0)
        #expect(after["Layers"] as? Int == 0)
        #expect(after["Blobs"] as? Int == 0)

        // What we saved loads back as the same image.
        let reload = try ComposeProcess.run(["engine", "load", "-i", saved] + state, in: work)
        #expect(reload.stdout == "Loaded image: test/busybox:1\n", "\(reload.stderr)")
        let again = try ComposeProcess.run(["engine", "images", "-q"] + state, in: work)
        #expect(again.stdout == quiet.stdout)
    }

    @Test("compose build on the embedded engine: RUN in runc, the image listed, an unchanged rebuild all cached with the same id")
    func build() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let images = try EmbeddedIntegration.makeTestImages(in: work + "/img")
        let engine = ["--engine", "embedded", "--state-dir", work + "/state"]
        #expect(try ComposeProcess.run(["engine", "load", "-i", images + "/docker.tar", "--state-dir", work + "/state"], in: work).status == 0)
        try "FROM test/busybox:1\nARG WHO=nobody\nRUN echo \"hello $WHO\" > /greeting\nCMD [\"cat\", \"/greeting\"]\n"
            .write(toFile: work + "/Dockerfile", atomically: true, encoding: .utf8)
        try "services:\n  app:\n    build:\n      context: .\n      args:\n        WHO: compose\n    image: demo/app:1\n"
            .write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let first = try ComposeProcess.run(["build"] + engine, in: work)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("RUN echo \"hello $WHO\" > /greeting") || first.stderr.contains("RUN echo"), "\(first.stdout)\(first.stderr)")
        let listed = try ComposeProcess.run(["engine", "images", "--format", "json", "--state-dir", work + "/state"], in: work)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let built = try #require(rows.first { $0["Repository"] as? String == "demo/app" }?["ID"] as? String)
        let second = try ComposeProcess.run(["build"] + engine, in: work)
        #expect(second.status == 0, "\(second.stderr)")
        #expect((second.stdout + second.stderr).contains("CACHED"), "\(second.stdout)\(second.stderr)")
        let again = try ComposeProcess.run(["engine", "images", "--format", "json", "--state-dir", work + "/state"], in: work)
        let rowsAgain = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(rowsAgain.first { $0["Repository"] as? String == "demo/app" }?["ID"] as? String == built)
    }

    @Test("compose pull and push on the embedded engine against a real registry: pulled, listed, built on, pushed, pulled back")
    func pullAndPush() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let images = try EmbeddedIntegration.makeTestImages(in: work + "/img")
        try EmbeddedIntegration.run("/usr/bin/skopeo", ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false",
                                                       "oci:\(images)/oci:t", "docker://\(registry.host)/test/bb:1"])
        let engine = ["--engine", "embedded", "--state-dir", work + "/state"]
        try """
            services:
              base:
                image: \(registry.host)/test/bb:1
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(registry.host)/test/bb:1
                    LABEL org.example.pushed=yes
                image: \(registry.host)/test/app:1
            """.write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let pull = try ComposeProcess.run(["pull", "base"] + engine, in: work)
        #expect(pull.status == 0, "\(pull.stderr)")
        let listed = try ComposeProcess.run(["engine", "images", "--state-dir", work + "/state"], in: work)
        #expect(listed.stdout.contains("\(registry.host)/test/bb"), "\(listed.stdout)")
        let build = try ComposeProcess.run(["build"] + engine, in: work)
        #expect(build.status == 0, "\(build.stderr)")
        let push = try ComposeProcess.run(["push"] + engine, in: work)
        #expect(push.status == 0, "\(push.stderr)")
        let pushed = try FileManager.default.contentsOfDirectory(atPath: registry.storage + "/docker/registry/v2/repositories/test").sorted()
        #expect(pushed == ["app", "bb"])
        // A fresh store pulls the pushed image back: same id.
        let fresh = ["--engine", "embedded", "--state-dir", work + "/fresh"]
        let pullBack = try ComposeProcess.run(["pull", "app"] + fresh, in: work)
        #expect(pullBack.status == 0, "\(pullBack.stderr)")
        let ours = try ComposeProcess.run(["engine", "images", "-q", "--state-dir", work + "/state"], in: work).stdout
        let theirs = try ComposeProcess.run(["engine", "images", "-q", "--state-dir", work + "/fresh"], in: work).stdout
        #expect(!theirs.isEmpty && ours.contains(theirs), "\(ours) / \(theirs)")
        let missing = try ComposeProcess.run(["pull", "base"] + fresh, in: work, environment: [:])
        #expect(missing.status == 0)
        try "services:\n  gone:\n    image: \(registry.host)/test/absent:1\n".write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let absent = try ComposeProcess.run(["pull"] + fresh, in: work)
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("test/absent"), "\(absent.stderr)")
    }
}

enum EmbeddedIntegration {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"]?.split(separator: ",").contains("embedded") == true
    }

    static var hasImageTools: Bool {
        ["/usr/bin/umoci", "/usr/bin/skopeo"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool to completion; throws with its status when it fails.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EmbeddedTestError("\(tool) failed: \(process.terminationStatus)") }
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "swc-emb-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs Tests/EngineEmbeddedTests/Support/make-test-image.sh into `directory`; returns it.
    static func makeTestImages(in directory: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [root.path + "/Tests/EngineEmbeddedTests/Support/make-test-image.sh", directory]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EmbeddedTestError("make-test-image.sh failed: \(process.terminationStatus)") }
        return directory
    }
}

struct EmbeddedTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
