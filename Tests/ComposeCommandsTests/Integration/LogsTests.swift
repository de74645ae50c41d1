@testable import ComposeCommands
import EngineAPI
import Foundation
import Testing

/// `compose logs` against each enabled engine: tail, timestamps, prefixes, service and replica selection, follow.
@Suite("logs against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct LogsTests {
    /// `alpha` prints a, b, c; two `beta` replicas print their hostname-free marker; both then sleep.
    static let stack = """
        services:
          alpha:
            image: \(Integration.image)
            command: ["sh", "-c", "echo a; echo b; echo c; exec sleep 3600"]
            init: true
          beta:
            image: \(Integration.image)
            command: ["sh", "-c", "echo beta; exec sleep 3600"]
            init: true
            deploy:
              replicas: 2
        """

    /// Runs the stack detached and waits until every container has printed.
    static func started(_ engine: EngineKind) async throws -> IntegrationProject {
        let project = try await IntegrationProject(engine, stack)
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let printed = try await LifecycleSupport.eventually {
            let logs = try project.compose(["logs", "--no-log-prefix"])
            return logs.stdout.split(separator: "\n").sorted() == ["a", "b", "beta", "beta", "c"]
        }
        #expect(printed)
        return project
    }

    @Test("all services: every line, prefixed, padded to the longest name", arguments: Integration.engines)
    func all(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let logs = try project.compose(["logs"])
        #expect(logs.status == 0, "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n").map(String.init)
        #expect(lines.sorted() == ["alpha-1  | a", "alpha-1  | b", "alpha-1  | c", "beta-1   | beta", "beta-2   | beta"],
                "\(logs.stdout)")
        #expect(lines.filter { $0.hasPrefix("alpha-1") } == ["alpha-1  | a", "alpha-1  | b", "alpha-1  | c"],
                "one container's lines keep their order")
    }

    @Test("--tail 1 per container; -n 0 prints nothing", arguments: Integration.engines)
    func tail(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let one = try project.compose(["logs", "--tail", "1", "alpha"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "alpha-1  | c\n", "\(one.stdout)")
        let two = try project.compose(["logs", "-n", "2", "alpha"])
        #expect(two.stdout == "alpha-1  | b\nalpha-1  | c\n", "\(two.stdout)")
        let none = try project.compose(["logs", "-n", "0"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout == "", "\(none.stdout)")
    }

    @Test("-t: the engine's RFC 3339 timestamp after the prefix", arguments: Integration.engines)
    func timestamps(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let logs = try project.compose(["logs", "-t", "alpha"])
        #expect(logs.status == 0, "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(logs.stdout)")
        for (line, text) in zip(lines, ["a", "b", "c"]) {
            #expect(line.wholeMatch(of: /alpha-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (.)/)?.output.1 == Substring(text),
                    "\(line)")
        }
    }

    @Test("--no-log-prefix with one service prints its bare lines", arguments: Integration.engines)
    func noPrefix(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let logs = try project.compose(["logs", "--no-log-prefix", "alpha"])
        #expect(logs.stdout == "a\nb\nc\n", "\(logs.stdout)")
    }

    @Test("a service selects its replicas; --index selects one replica; an unknown service fails", arguments: Integration.engines)
    func selection(engine: EngineKind) async throws {
        let project = try await Self.started(engine)
        defer { project.cleanUpNow() }
        let beta = try project.compose(["logs", "beta"])
        #expect(beta.stdout.split(separator: "\n").sorted() == ["beta-1  | beta", "beta-2  | beta"], "\(beta.stdout)")
        let second = try project.compose(["logs", "--index", "2", "beta"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "beta-2  | beta\n", "\(second.stdout)")
        let unknown = try project.compose(["logs", "gamma"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no such service: gamma"), "\(unknown.stderr)")
    }

    @Test("-f follows new lines and ends when the container exits", arguments: Integration.engines)
    func follow(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              ticker:
                image: \(Integration.image)
                command: ["sh", "-c", "echo first; sleep 3; echo second; sleep 1; exit 0"]
            """)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        let launched = try project.launch(["logs", "-f"])
        let first = await launched.waitForOutput("ticker-1  | first\n")
        #expect(first, "\(launched.stdout)\(launched.stderr)")
        let result = await launched.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ticker-1  | first\nticker-1  | second\n", "\(result.stdout)")
        #expect(try await project.state("ticker") == .exited)
    }

    @Test("--since and --until split the output at a time between two lines", arguments: Integration.engines)
    func sinceUntil(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              ticker:
                image: \(Integration.image)
                command: ["sh", "-c", "echo early; sleep 2; echo late; exec sleep 3600"]
                init: true
            """)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        let both = try await LifecycleSupport.eventually {
            try project.compose(["logs", "--no-log-prefix"]).stdout == "early\nlate\n"
        }
        #expect(both)
        let stamped = try project.compose(["logs", "-t", "--no-log-prefix"]).stdout
        let stamp = stamped.split(separator: " ").first.map(String.init) ?? ""
        guard let early = LogTime.parse(stamp, now: 0) else {
            Issue.record("no timestamp in \(stamped)")
            return
        }
        let middle = String(format: "%.3f", early + 1)
        let since = try project.compose(["logs", "--since", middle, "--no-log-prefix"])
        #expect(since.status == 0, "\(since.stderr)")
        #expect(since.stdout == "late\n", "\(since.stdout)")
        let until = try project.compose(["logs", "--until", middle, "--no-log-prefix"])
        #expect(until.stdout == "early\n", "\(until.stdout)")
        let relative = try project.compose(["logs", "--since", "1h", "--no-log-prefix"])
        #expect(relative.stdout == "early\nlate\n", "\(relative.stdout)")
        let invalid = try project.compose(["logs", "--since", "yesterday"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("invalid --since \"yesterday\""), "\(invalid.stderr)")
    }
}
