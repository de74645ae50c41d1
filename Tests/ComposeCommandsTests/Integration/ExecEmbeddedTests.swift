import Foundation
import Testing

/// `compose exec` on the embedded engine, through the binary (root; `SWIFT_COMPOSE_IT=embedded`): the image is
/// built by the embedded builder from the static busybox, so nothing is pulled.
@Suite("compose exec on the embedded engine (SWIFT_COMPOSE_IT=embedded, root)", .serialized,
       .enabled(if: EmbeddedIntegration.enabled && getuid() == 0))
struct ExecEmbeddedTests {
    @Test("stats and top read each replica;  exec runs in the service's container: exit status, stdout and stderr, -e, -w, -u, stdin with -T, -d, --index, errors")
    func exec() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/image", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: work + "/image/busybox")
        try "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\n"
            .write(toFile: work + "/image/Dockerfile", atomically: true, encoding: .utf8)
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

        let failing = try compose(["exec", "app", "sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(failing.status == 3)
        #expect(failing.stdout == "out\n")
        #expect(failing.stderr.contains("err"))
        let options = try compose(["exec", "-T", "-e", "GREETING=hi", "-w", "/bin", "-u", "1234", "app",
                                   "sh", "-c", "echo $GREETING $(pwd) $(id -u)"])
        #expect(options.status == 0, "\(options.stderr)")
        #expect(options.stdout == "hi /bin 1234\n")
        let piped = try compose(["exec", "-T", "app", "sh"], stdin: "echo from-stdin\n")
        #expect(piped.stdout == "from-stdin\n")
        let second = try compose(["exec", "--index", "2", "app", "hostname"])
        let first = try compose(["exec", "app", "hostname"])
        #expect(second.status == 0 && first.status == 0)
        #expect(second.stdout != first.stdout, "--index 2 ran in the first replica")
        let detached = try compose(["exec", "-d", "app", "sh", "-c", "sleep 1; touch /bin/marker"])
        #expect(detached.status == 0, "\(detached.stderr)")
        var found = false
        for _ in 0..<50 where !found {
            found = try compose(["exec", "app", "test", "-e", "/bin/marker"]).status == 0
            if !found { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(found, "the detached command did not run")
        let top = try compose(["top", "app"])
        #expect(top.status == 0, "\(top.stderr)")
        #expect(top.stdout.contains("swcexec-app-1\nUID "), "\(top.stdout)")
        #expect(top.stdout.contains("/sbin/docker-init -- sleep 3600") && top.stdout.contains("swcexec-app-2\n"), "\(top.stdout)")
        let stats = try compose(["stats", "--no-stream", "--format", "json", "app"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.split(separator: "\n").count == 2, "\(stats.stdout)")
        #expect(stats.stdout.contains("\"Name\":\"swcexec-app-1\"") && stats.stdout.contains("\"PIDs\":\"2\""), "\(stats.stdout)")
        let unknown = try compose(["exec", "nope", "true"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no such service: nope"), "\(unknown.stderr)")
        _ = try compose(["stop", "-t", "0"])
        let stopped = try compose(["exec", "app", "true"])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("is not running"), "\(stopped.stderr)")
    }

    @Test("a published port held by another project or a host socket stops up before anything starts")
    func portConflict() throws {
        let work = try EmbeddedIntegration.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/image", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: work + "/image/busybox")
        try "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\n"
            .write(toFile: work + "/image/Dockerfile", atomically: true, encoding: .utf8)
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
}
