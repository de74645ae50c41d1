import EngineAPI
import Foundation
import Testing

/// Attached `up` against each enabled engine: prefixed output, exit statuses of the abort flags, the stack
/// stopped afterwards, and Ctrl+C.
@Suite("attached up against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct AttachedUpTests {
    static let image = Integration.image

    /// A long-running service that stops at once on SIGTERM (docker-init forwards it to `sleep`).
    static let server = """
          server:
            image: \(image)
            command: ["sh", "-c", "echo ready; exec sleep 3600"]
            init: true
        """

    @Test("a job printing two lines: the banner, prefixed lines, the exit line, status 0", arguments: Integration.engines)
    func job(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "echo one; echo two"]
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout == "Attaching to job-1\njob-1  | one\njob-1  | two\njob-1 exited with code 0\n",
                "\(up.stdout)")
        #expect(try await project.containers()["\(project.name)-job-1"]?.exitCode == 0)
    }

    @Test("--exit-code-from returns that service's status and stops the rest", arguments: Integration.engines)
    func exitCodeFrom(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "sleep 1; echo bye; exit 3"]
            \(Self.server)
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--exit-code-from", "job"])
        #expect(up.status == 3, "\(up.stdout)\(up.stderr)")
        #expect(up.stdout.contains("job-1     | bye\n"), "\(up.stdout)")
        #expect(up.stdout.contains("job-1 exited with code 3\n"), "\(up.stdout)")
        #expect(up.stderr.contains("Aborting on container exit..."), "\(up.stderr)")
        #expect(try await project.states() == ["job-1": .exited, "server-1": .exited])
    }

    @Test("--exit-code-from an unknown service fails before anything is created", arguments: Integration.engines)
    func exitCodeFromUnknown(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
            \(Self.server)
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--exit-code-from", "nope"])
        #expect(up.status == 1)
        #expect(up.stderr.contains("no such service: nope"), "\(up.stderr)")
        #expect(try await project.containers().isEmpty)
    }

    @Test("--abort-on-container-exit stops the stack when a container exits 0, status 0", arguments: Integration.engines)
    func abortOnExit(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "sleep 1; echo done"]
            \(Self.server)
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--abort-on-container-exit"])
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        #expect(up.stdout.contains("job-1 exited with code 0\n"), "\(up.stdout)")
        #expect(up.stdout.contains("server-1  | ready\n"), "\(up.stdout)")
        #expect(up.stderr.contains("Aborting on container exit..."), "\(up.stderr)")
        #expect(try await project.states() == ["job-1": .exited, "server-1": .exited])
    }

    @Test("--abort-on-container-failure ignores an exit 0 and aborts on exit 2 with status 2", arguments: Integration.engines)
    func abortOnFailure(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              fail:
                image: \(Self.image)
                command: ["sh", "-c", "sleep 3; exit 2"]
              good:
                image: \(Self.image)
                command: ["true"]
            \(Self.server)
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--abort-on-container-failure"])
        #expect(up.status == 2, "\(up.stdout)\(up.stderr)")
        #expect(up.stdout.contains("good-1 exited with code 0\n"), "\(up.stdout)")
        #expect(up.stdout.contains("fail-1 exited with code 2\n"), "\(up.stdout)")
        let goodLine = up.stdout.range(of: "good-1 exited")
        let failLine = up.stdout.range(of: "fail-1 exited")
        if let goodLine, let failLine { #expect(goodLine.lowerBound < failLine.lowerBound, "\(up.stdout)") }
        #expect(try await project.states() == ["fail-1": .exited, "good-1": .exited, "server-1": .exited])
        #expect(try await project.containers()["\(project.name)-fail-1"]?.exitCode == 2)
    }

    @Test("--no-log-prefix prints the bare lines", arguments: Integration.engines)
    func noLogPrefix(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "echo one; echo two"]
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--no-log-prefix"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout == "Attaching to job-1\none\ntwo\njob-1 exited with code 0\n", "\(up.stdout)")
    }

    @Test("--timestamps puts an RFC 3339 stamp after the prefix", arguments: Integration.engines)
    func timestamps(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "echo one"]
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--timestamps"])
        #expect(up.status == 0, "\(up.stderr)")
        let lines = up.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(up.stdout)")
        guard lines.count == 3 else { return }
        let line = lines[1]
        #expect(line.hasPrefix("job-1  | "), "\(line)")
        #expect(line.hasSuffix(" one"), "\(line)")
        let stamp = String(line.dropFirst("job-1  | ".count).dropLast(" one".count))
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/) != nil, "\(stamp)")
    }

    @Test("SIGINT to an attached up: Gracefully Stopping..., containers stopped, status 130", arguments: Integration.engines)
    func interrupt(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
            \(Self.server)
            """)
        defer { project.cleanUpNow() }
        let launched = try project.launch(["up"])
        let ready = await launched.waitForOutput("server-1  | ready")
        #expect(ready, "\(launched.stdout)\(launched.stderr)")
        let masks = LifecycleSupport.signalMasks(of: launched.pid)
        launched.signal(SIGINT)
        let result = await launched.finish(timeout: .seconds(60))
        #expect(result.status == 130, "masks of compose: \(masks)\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Gracefully Stopping... press Ctrl+C again to force"), "\(result.stdout)")
        #expect(try await project.states() == ["server-1": .exited])
    }

    @Test("--no-attach leaves a service out of the banner and the output; --attach picks services", arguments: Integration.engines)
    func attachSelection(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              job:
                image: \(Self.image)
                command: ["sh", "-c", "sleep 1; echo one"]
              other:
                image: \(Self.image)
                command: ["sh", "-c", "echo hidden"]
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "--no-attach", "other"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout == "Attaching to job-1\njob-1  | one\njob-1 exited with code 0\n", "\(up.stdout)")
        #expect(try await project.states() == ["job-1": .exited, "other-1": .exited])

        try project.compose(["rm", "-f"])
        let attach = try project.compose(["up", "--attach", "other"])
        #expect(attach.status == 0, "\(attach.stderr)")
        #expect(attach.stdout.hasPrefix("Attaching to other-1\n"), "\(attach.stdout)")
        #expect(attach.stdout.contains("other-1  | hidden\n"), "\(attach.stdout)")
        #expect(!attach.stdout.contains("one"), "\(attach.stdout)")
    }

    @Test("a container restarted by its policy is followed again; each restarting exit is announced", arguments: Integration.engines)
    func restartPolicy(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              flaky:
                image: \(Self.image)
                command: ["sh", "-c", "echo try; exit 1"]
                restart: on-failure:2
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up"])
        #expect(up.status == 0, "\(up.stderr)")
        // Whether each restart is seen in time to be announced depends on timing; the output may not be lost.
        let lines = up.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { !$0.hasSuffix("(restarting)") }
                == ["Attaching to flaky-1", "flaky-1  | try", "flaky-1  | try", "flaky-1  | try", "flaky-1 exited with code 1"],
                "\(up.stdout)")
        #expect(lines.filter { $0.hasSuffix("(restarting)") }.allSatisfy { $0 == "flaky-1 exited with code 1 (restarting)" },
                "\(up.stdout)")
    }

    @Test("a second SIGINT kills what the graceful stop is still waiting for", arguments: Integration.engines)
    func interruptTwice(engine: EngineKind) async throws {
        // Without init, sleep as PID 1 ignores SIGTERM: the graceful stop would wait the whole minute.
        let project = try await IntegrationProject(engine, """
            services:
              stubborn:
                image: \(Self.image)
                command: ["sh", "-c", "echo ready; exec sleep 3600"]
                stop_grace_period: 1m
            """)
        defer { project.cleanUpNow() }
        let launched = try project.launch(["up"])
        #expect(await launched.waitForOutput("stubborn-1  | ready"), "\(launched.stdout)\(launched.stderr)")
        launched.signal(SIGINT)
        #expect(await launched.waitForOutput("Gracefully Stopping..."), "\(launched.stdout)")
        launched.signal(SIGINT)
        let result = await launched.finish(timeout: .seconds(45))
        #expect(result.status == 130, "\(result.stdout)\(result.stderr)")
        let stubborn = try await project.containers()["\(project.name)-stubborn-1"]
        #expect(stubborn?.state == .exited)
        #expect(stubborn?.exitCode == 137, "killed, not stopped")
    }
}
