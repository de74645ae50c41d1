import Foundation
import Testing

/// `compose exec` through the binary against each enabled engine: the caller's stdin, stdout and stderr are
/// the command's (piped with `-T`, a pseudo-terminal otherwise), its exit status is compose's.
@Suite("compose exec against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct ExecTests {
    static let stack = """
        services:
          app:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            scale: 2
        """

    @Test("exit status, stdout and stderr apart, -e, -w, -u, stdin with -T (binary-safe), -d, --index, errors", arguments: Integration.engines)
    func exec(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")

        let failing = try project.compose(["exec", "app", "sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(failing.status == 3)
        #expect(failing.stdout == "out\n")
        #expect(failing.stderr.contains("err") && !failing.stdout.contains("err"), "\(failing.stderr)")
        let options = try project.compose(["exec", "-T", "-e", "GREETING=hi", "-w", "/bin", "-u", "1234", "app",
                                           "sh", "-c", "echo $GREETING $(pwd) $(id -u)"])
        #expect(options.status == 0, "\(options.stderr)")
        #expect(options.stdout == "hi /bin 1234\n")
        let piped = try project.compose(["exec", "-T", "app", "sh"], stdin: "echo from-stdin\n")
        #expect(piped.stdout == "from-stdin\n", "\(piped.stderr)")
        // Input is copied as bytes until it ends, and the command sees the end (cat exits).
        let text = (0..<20_000).map { "line \($0) ✓" }.joined(separator: "\n")
        let counted = try project.compose(["exec", "-T", "app", "wc", "-c"], stdin: text)
        #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(text.utf8.count), "\(counted.stderr)")
        let echoed = try project.compose(["exec", "-T", "app", "cat"], stdin: text)
        #expect(echoed.stdout == text)
        let second = try project.compose(["exec", "--index", "2", "app", "hostname"])
        let first = try project.compose(["exec", "app", "hostname"])
        #expect(second.status == 0 && first.status == 0)
        #expect(second.stdout != first.stdout, "--index 2 ran in the first replica")
        let detached = try project.compose(["exec", "-d", "app", "sh", "-c", "sleep 1; touch /bin/marker"])
        #expect(detached.status == 0, "\(detached.stderr)")
        #expect(try await LifecycleSupport.eventually(timeout: .seconds(30)) {
            try project.compose(["exec", "app", "test", "-e", "/bin/marker"]).status == 0
        }, "the detached command did not run")
        let unknown = try project.compose(["exec", "nope", "true"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no such service: nope"), "\(unknown.stderr)")
        let missing = try project.compose(["exec", "app", "/no/such/program"])
        #expect(missing.status != 0, "\(missing.stdout)")
        _ = try project.compose(["stop", "-t", "0"])
        let stopped = try project.compose(["exec", "app", "true"])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("is not running"), "\(stopped.stderr)")
    }

    @Test("on a terminal the command gets a pseudo-terminal of its own; -T gives it none", arguments: Integration.engines)
    func terminal(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        // script(1) runs compose on a pseudo-terminal and types what the pipe gives it.
        func typed(_ arguments: String) throws -> ComposeProcess.Result {
            let command = "\(ComposeProcess.executable.path) -p \(project.name) \(arguments)"
            return try ComposeProcess.shell("(sleep 1; printf 'tty; exit 7\\n'; sleep 4) | script -qec '\(command)' /dev/null",
                                            in: project.directory, environment: project.environment)
        }
        let withTTY = try typed("exec app sh")
        #expect(withTTY.status == 7, "\(withTTY.stdout) \(withTTY.stderr)")
        #expect(withTTY.stdout.contains("/dev/pts/"), "\(withTTY.stdout)")
        let without = try typed("exec -T app sh")
        #expect(without.status == 7, "\(without.stdout) \(without.stderr)")
        #expect(without.stdout.contains("not a tty"), "\(without.stdout)")
    }

    @Test("the command's terminal takes the size of the caller's, and follows it when it changes", arguments: Integration.engines)
    func terminalSize(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.stack)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        // A pseudo-terminal of 33x101 that becomes 40x120 half-way, driven by Python's pty module.
        let driver = """
            import os, pty, select, struct, fcntl, termios, time, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 101, 0, 0))
            out = b""
            def drain(seconds):
                global out
                end = time.time() + seconds
                while time.time() < end:
                    if select.select([fd], [], [], 0.1)[0]:
                        try: out += os.read(fd, 4096)
                        except OSError: return
            drain(1.5)
            os.write(fd, b"stty size\\r"); drain(1.5)
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0)); drain(1)
            os.write(fd, b"stty size; exit 0\\r"); drain(3)
            os.waitpid(pid, 0)
            sys.stdout.write(out.decode(errors="replace"))
            """
        try driver.write(toFile: project.directory + "/drive.py", atomically: true, encoding: .utf8)
        let result = try ComposeProcess.shell("python3 drive.py \(ComposeProcess.executable.path) -p \(project.name) exec app sh",
                                              in: project.directory, environment: project.environment)
        #expect(result.stdout.contains("33 101"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("40 120"), "\(result.stdout) \(result.stderr)")
    }
}
