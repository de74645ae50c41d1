import Foundation
import Testing

/// `compose top`, `stats` and published-port conflicts on the embedded engine, through the binary (root;
/// `SWIFT_COMPOSE_IT=embedded`): the image is built by the embedded builder from the static busybox.
@Suite("compose top, stats and port checks on the embedded engine (SWIFT_COMPOSE_IT=embedded, root)", .serialized,
       .enabled(if: EmbeddedIntegration.enabled && getuid() == 0))
struct TopStatsEmbeddedTests {
    /// `work/image`: a build context for FROM scratch + the host's static busybox.
    static func imageContext(in work: String) throws {
        try FileManager.default.createDirectory(atPath: work + "/image", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: work + "/image/busybox")
        try "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\n"
            .write(toFile: work + "/image/Dockerfile", atomically: true, encoding: .utf8)
    }

    @Test("stats and top read each replica (exec: ExecTests, on both engines)")
    func topAndStats() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Self.imageContext(in: work)
        try """
        services:
          app:
            build: ./image
            image: swcexec/busybox:1
            command: ["sleep", "3600"]
            init: true
            scale: 2
        """.write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let environment = ["SWIFT_COMPOSE_STATE_DIR": work + "/state", "COMPOSE_ENGINE": "embedded"]
        func compose(_ arguments: [String], stdin: String? = nil) throws -> ComposeProcess.Result {
            try ComposeProcess.run(["-p", "swcexec"] + arguments, in: work, environment: environment, stdin: stdin)
        }
        defer { _ = try? compose(["down", "-v", "-t", "0"]) }
        let up = try compose(["up", "-d", "--build"])
        #expect(up.status == 0, "\(up.stderr)")

        let top = try compose(["top", "app"])
        #expect(top.status == 0, "\(top.stderr)")
        #expect(top.stdout.contains("swcexec-app-1\nUID "), "\(top.stdout)")
        #expect(top.stdout.contains("/sbin/docker-init -- sleep 3600") && top.stdout.contains("swcexec-app-2\n"), "\(top.stdout)")
        let stats = try compose(["stats", "--no-stream", "--format", "json", "app"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.split(separator: "\n").count == 2, "\(stats.stdout)")
        #expect(stats.stdout.contains("\"Name\":\"swcexec-app-1\"") && stats.stdout.contains("\"PIDs\":\"2\""), "\(stats.stdout)")
    }

    @Test("a published port held by another project or a host socket stops up before anything starts")
    func portConflict() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Self.imageContext(in: work)
        let port = 20000 + Int.random(in: 0..<20000)
        func stack(_ extra: String) -> String {
            """
            services:
              first:
                build: ./image
                image: swcports/busybox:1
                command: ["sleep", "3600"]
                init: true
            \(extra)
            """
        }
        let holder = stack("""
              web:
                build: ./image
                image: swcports/busybox:1
                command: ["sleep", "3600"]
                init: true
                ports: ["127.0.0.1:\(port):80"]
            """)
        try holder.write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let environment = ["SWIFT_COMPOSE_STATE_DIR": work + "/state", "COMPOSE_ENGINE": "embedded"]
        func compose(_ project: String, _ arguments: [String]) throws -> ComposeProcess.Result {
            try ComposeProcess.run(["-p", project] + arguments, in: work, environment: environment)
        }
        defer {
            _ = try? compose("swcports-a", ["down", "-t", "0"])
            _ = try? compose("swcports-b", ["down", "-t", "0"])
        }
        let first = try compose("swcports-a", ["up", "-d", "--build"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try compose("swcports-b", ["up", "-d"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("127.0.0.1:\(port) failed: port is already allocated (by container swcports-a-web-1)"),
                "\(second.stderr)")
        let ps = try compose("swcports-b", ["ps", "-a", "-q"])
        #expect(ps.stdout.isEmpty, "the second project created containers: \(ps.stdout)")
        // The owner's own recreate hands the port over to the replacement.
        try holder.replacingOccurrences(of: "sleep\", \"3600", with: "sleep\", \"3601")
            .write(toFile: work + "/compose.yaml", atomically: true, encoding: .utf8)
        let again = try compose("swcports-a", ["up", "-d"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("a container that exits on its own frees its published port and network namespace (its supervisor's release), and starts again")
    func exitReleases() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Self.imageContext(in: work)
        let port = 20000 + Int.random(in: 0..<20000)
        func stack(_ command: String) -> String {
            """
            services:
              job:
                build: ./image
                image: swcrelease/busybox:1
                command: ["sh", "-c", "\(command)"]
                init: true
                ports: ["127.0.0.1:\(port):80"]
            """
        }
        try FileManager.default.createDirectory(atPath: work + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/b", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work + "/a/image", withDestinationPath: work + "/image")
        try FileManager.default.createSymbolicLink(atPath: work + "/b/image", withDestinationPath: work + "/image")
        try stack("sleep 1").write(toFile: work + "/a/compose.yaml", atomically: true, encoding: .utf8)
        try stack("sleep 3600").write(toFile: work + "/b/compose.yaml", atomically: true, encoding: .utf8)
        let environment = ["SWIFT_COMPOSE_STATE_DIR": work + "/state", "COMPOSE_ENGINE": "embedded"]
        func compose(_ project: String, _ arguments: [String]) throws -> ComposeProcess.Result {
            try ComposeProcess.run(["-p", "swcrel-" + project] + arguments, in: work + "/" + project, environment: environment)
        }
        defer {
            _ = try? compose("a", ["down", "-t", "0"])
            _ = try? compose("b", ["down", "-t", "0"])
        }
        let first = try compose("a", ["up", "-d", "--build"])
        #expect(first.status == 0, "\(first.stderr)")
        let id = try compose("a", ["ps", "-a", "-q", "--no-trunc"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!id.isEmpty)
        // Until the job exits, another project cannot have the port; once it has, it can.
        var taken: ComposeProcess.Result?
        for _ in 0..<60 {
            let attempt = try compose("b", ["up", "-d"])
            if attempt.status == 0 {
                taken = attempt
                break
            }
            #expect(attempt.stderr.contains("port is already allocated (by container swcrel-a-job-1)"), "\(attempt.stderr)")
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(taken != nil, "the exited container kept its port")
        #expect(!FileManager.default.fileExists(atPath: "/run/netns/swc-" + id), "its network namespace is left")
        let status = try compose("a", ["ps", "-a"])
        #expect(status.stdout.contains("Exited (0)"), "\(status.stdout) \(status.stderr)")
        // Released, it starts again (with its network set up anew) once the port is free.
        _ = try compose("b", ["down", "-t", "0"])
        let again = try compose("a", ["start"])
        #expect(again.status == 0, "\(again.stderr)")
    }
}
