@testable import ComposeCommands
import Foundation
import Testing

/// Collects what a renderer or printer writes, one element per writer call.
final class OutputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []

    var writer: @Sendable (String) -> Void {
        { [self] text in lock.withLock { chunks.append(text) } }
    }

    var all: [String] { lock.withLock { chunks } }
    var text: String { all.joined() }
}

private let esc = "\u{1B}["
private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

@Suite("Output: progress mode selection")
struct OutputProgressSettingsTests {
    private func resolve(
        _ progress: String?, ansi: String? = nil, env: [String: String] = [:], terminal: Bool
    ) throws(CommandFailure) -> ProgressSettings {
        try OutputSettings.progress(progress: progress, ansi: ansi, environment: env, stderrIsTerminal: terminal)
    }

    @Test("auto is tty on a terminal and plain otherwise; colours on unless NO_COLOR")
    func auto() throws {
        #expect(try resolve(nil, terminal: true) == ProgressSettings(mode: .tty, colors: true))
        #expect(try resolve(nil, terminal: false) == ProgressSettings(mode: .plain, colors: true))
        #expect(try resolve("auto", env: ["NO_COLOR": "1"], terminal: true)
            == ProgressSettings(mode: .tty, colors: false))
        #expect(try resolve(nil, env: ["NO_COLOR": ""], terminal: true) == ProgressSettings(mode: .tty, colors: true))
    }

    @Test("explicit modes, COMPOSE_PROGRESS, and the flag winning over it")
    func explicit() throws {
        #expect(try resolve("plain", terminal: true).mode == .plain)
        #expect(try resolve("json", terminal: true).mode == .json)
        #expect(try resolve("quiet", terminal: true).mode == .quiet)
        #expect(try resolve("none", terminal: true).mode == .quiet)
        #expect(try resolve("tty", terminal: false).mode == .tty)
        #expect(try resolve(nil, env: ["COMPOSE_PROGRESS": "json"], terminal: true).mode == .json)
        #expect(try resolve("plain", env: ["COMPOSE_PROGRESS": "json"], terminal: true).mode == .plain)
    }

    @Test("--ansi never means plain without colours, always means tty; COMPOSE_ANSI when the flag is absent")
    func ansi() throws {
        #expect(try resolve(nil, ansi: "never", terminal: true) == ProgressSettings(mode: .plain, colors: false))
        #expect(try resolve(nil, ansi: "always", terminal: false) == ProgressSettings(mode: .tty, colors: true))
        #expect(try resolve(nil, env: ["COMPOSE_ANSI": "never"], terminal: true).mode == .plain)
        #expect(try resolve(nil, ansi: "auto", env: ["COMPOSE_ANSI": "never"], terminal: true).mode == .tty)
        #expect(try resolve("json", ansi: "never", terminal: true).mode == .json)
        #expect(try resolve("quiet", ansi: "always", terminal: true).mode == .quiet)
    }

    @Test("contradictions and unknown values are errors with docker compose's messages")
    func errors() {
        #expect(throws: CommandFailure.self) { try resolve("tty", ansi: "never", terminal: true) }
        #expect(throws: CommandFailure.self) { try resolve("plain", ansi: "always", terminal: true) }
        do {
            _ = try resolve("fancy", terminal: true)
            Issue.record("no error")
        } catch {
            #expect(error.description == "unsupported --progress value \"fancy\"")
        }
        do {
            _ = try resolve("tty", ansi: "never", terminal: true)
            Issue.record("no error")
        } catch {
            #expect(error.description == "can't use --progress tty while ANSI support is disabled")
        }
    }

    @Test("colours of standard output streams")
    func streamColors() {
        #expect(OutputSettings.colors(ansi: nil, environment: [:], isTerminal: true))
        #expect(!OutputSettings.colors(ansi: nil, environment: [:], isTerminal: false))
        #expect(OutputSettings.colors(ansi: "always", environment: [:], isTerminal: false))
        #expect(!OutputSettings.colors(ansi: "always", environment: ["NO_COLOR": "yes"], isTerminal: true))
        #expect(!OutputSettings.colors(ansi: "never", environment: [:], isTerminal: true))
        #expect(OutputSettings.colors(ansi: nil, environment: ["COMPOSE_ANSI": "always"], isTerminal: false))
    }
}

@Suite("Output: plain and json progress lines")
struct OutputProgressLineTests {
    @Test("plain lines as docker compose's --progress plain")
    func plain() {
        #expect(ProgressLineFormat.plain(.working(ProgressEvent.container("proj-web-1"), "Creating"))
            == " Container proj-web-1  Creating\n")
        #expect(ProgressLineFormat.plain(.done(ProgressEvent.network("proj_default"), "Created"))
            == " Network proj_default  Created\n")
        #expect(ProgressLineFormat.plain(.failed(ProgressEvent.container("proj-db-1"), detail: "port is allocated"))
            == " Container proj-db-1  Error port is allocated\n")
        #expect(ProgressLineFormat.plain(.done(ProgressEvent.volume("proj_data"), "Removed"), dryRun: true)
            == " DRY-RUN MODE -  Volume proj_data  Removed\n")
        #expect(ProgressLineFormat.plainMessage("WARNING: x") == "WARNING: x\n")
    }

    @Test("json lines: id and status like docker compose, text for the detail, error and warning flags")
    func json() {
        #expect(ProgressLineFormat.json(.working(ProgressEvent.container("proj-web-1"), "Stopping"))
            == #"{"id":"Container proj-web-1","status":"Stopping"}"# + "\n")
        #expect(ProgressLineFormat.json(.failed(ProgressEvent.image("busybox"), detail: "pull <denied> & \"x\""))
            == #"{"id":"Image busybox","text":"pull \u003cdenied\u003e \u0026 \"x\"","status":"Error","error":true}"#
            + "\n")
        #expect(ProgressLineFormat.json(.warning(ProgressEvent.network("p_default"), "Resource is still in use"))
            == #"{"id":"Network p_default","status":"Resource is still in use","warning":true}"# + "\n")
        #expect(ProgressLineFormat.json(.done(ProgressEvent.volume("v"), "Created"), dryRun: true)
            == #"{"dry-run":true,"id":"Volume v","status":"Created"}"# + "\n")
        #expect(ProgressLineFormat.jsonMessage("line\nnext") == #"{"tail":true,"text":"line\nnext"}"# + "\n")
    }
}

@Suite("Output: operation words")
struct OutputProgressVerbsTests {
    @Test("operation kinds map to docker compose's words")
    func words() {
        let expected: [(String, String, String)] = [
            ("createNetwork", "Creating", "Created"), ("removeNetwork", "Removing", "Removed"),
            ("connectNetwork", "Connecting", "Connected"), ("disconnectNetwork", "Disconnecting", "Disconnected"),
            ("createVolume", "Creating", "Created"), ("removeVolume", "Removing", "Removed"),
            ("pullImage", "Pulling", "Pulled"), ("buildImage", "Building", "Built"),
            ("createContainer", "Creating", "Created"), ("startContainer", "Starting", "Started"),
            ("stopContainer", "Stopping", "Stopped"), ("removeContainer", "Removing", "Removed"),
            ("renameContainer", "Recreate", "Recreated"), ("unpauseContainer", "Unpausing", "Unpaused"),
            ("waitFor", "Waiting", "Healthy"), ("killContainer", "Killing", "Killed"),
            ("pauseContainer", "Pausing", "Paused"), ("restartContainer", "Restarting", "Restarted"),
        ]
        for (kind, working, done) in expected {
            #expect(ProgressVerbs.words(for: kind) == ProgressVerbs.Words(working: working, done: done), "\(kind)")
        }
        #expect(ProgressVerbs.words(for: "teleport") == nil)
        #expect(ProgressVerbs.waitDone(condition: "service_completed_successfully") == "Exited")
        #expect(ProgressVerbs.waitDone(condition: "service_healthy") == "Healthy")
        #expect(ProgressVerbs.title(command: "up") == "Running")
        #expect(ProgressVerbs.title(command: "stop") == "Stopping")
    }
}

@Suite("Output: tty progress frames")
struct OutputTTYProgressTests {
    @Test("first and second frames without colours, 60 columns")
    func frames() {
        let t0 = ContinuousClock.now
        var board = TTYProgressBoard(title: "Running", colors: false)
        board.apply(.working(ProgressEvent.volume("proj_data"), "Creating"), at: t0)
        board.apply(.done(ProgressEvent.volume("proj_data"), "Created"), at: t0 + .milliseconds(100))
        board.apply(.working(ProgressEvent.container("proj-web-1"), "Creating"), at: t0 + .milliseconds(100))

        let first = board.frame(now: t0 + .milliseconds(500), width: 60)
        #expect(first == "\(esc)1A\(esc)1B\(esc)0G\(esc)?25l"
            + "[+] Running 1/2\n"
            + " ✔ Volume proj_data      Created" + spaces(23) + "0.1s \n"
            + " ⠙ Container proj-web-1  Creating" + spaces(22) + "0.4s \n"
            + "\(esc)?25h")

        board.apply(.done(ProgressEvent.container("proj-web-1"), "Created"), at: t0 + .milliseconds(1_250))
        board.apply(.working(ProgressEvent.network("proj_default"), "Creating"), at: t0 + .milliseconds(1_300))
        let second = board.frame(now: t0 + .seconds(2), width: 60)
        #expect(second == "\(esc)1A\(esc)1A\(esc)1A\(esc)0G\(esc)?25l"
            + "[+] Running 2/3\n"
            + " ✔ Volume proj_data      Created" + spaces(23) + "0.1s \n"
            + " ✔ Container proj-web-1  Created" + spaces(23) + "1.1s \n"
            + " ⠙ Network proj_default  Creating" + spaces(22) + "0.7s \n"
            + "\(esc)?25h")
    }

    @Test("colours: green ✔ and status, red ✘, yellow spinner, blue timer and finished header")
    func colors() {
        let t0 = ContinuousClock.now
        var board = TTYProgressBoard(title: "Stopping", colors: true)
        board.apply(.done(ProgressEvent.container("p-a-1"), "Stopped"), at: t0)
        board.apply(.failed(ProgressEvent.container("p-b-1"), detail: "boom"), at: t0)
        let frame = board.frame(now: t0 + .seconds(1), width: 40)
        #expect(frame == "\(esc)1A\(esc)1B\(esc)0G\(esc)?25l"
            + "\(esc)34m[+] Stopping 2/2\(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Container p-a-1  \(esc)32mStopped\(esc)0m" + spaces(8) + "\(esc)34m0.0s \(esc)0m\n"
            + " \(esc)31m\(esc)1m✘\(esc)0m Container p-b-1  \(esc)31m\(esc)1mError boom\(esc)0m" + spaces(5)
            + "\(esc)34m0.0s \(esc)0m\n"
            + "\(esc)?25h")
    }

    @Test("the final frame of a down matches docker compose's bytes, 60 columns")
    func composeDown() {
        let t0 = ContinuousClock.now
        var board = TTYProgressBoard(colors: true)
        let timings: [(String, Int)] = [
            (ProgressEvent.container("swcouthelp-web-1"), 10_400),
            (ProgressEvent.container("swcouthelp-worker-1"), 10_200),
            (ProgressEvent.container("swcouthelp-db-1"), 0), (ProgressEvent.network("swcouthelp_default"), 200),
            (ProgressEvent.volume("swcouthelp_data"), 0),
        ]
        for (resource, _) in timings { board.apply(.working(resource, "Removing"), at: t0) }
        for (resource, milliseconds) in timings {
            board.apply(.done(resource, "Removed"), at: t0 + .milliseconds(milliseconds))
        }
        let frame = board.frame(now: t0 + .seconds(11), width: 60)
        let body = frame.components(separatedBy: "\(esc)?25l").last ?? ""
        // Captured from docker compose v2.40.3 (`script`, stty cols 60).
        #expect(body == "\(esc)34m[+] Running 5/5\(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Container swcouthelp-web-1     \(esc)32mRemoved\(esc)0m             \(esc)34m10.4s \(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Container swcouthelp-worker-1  \(esc)32mRemoved\(esc)0m             \(esc)34m10.2s \(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Container swcouthelp-db-1      \(esc)32mRemoved\(esc)0m              \(esc)34m0.0s \(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Network swcouthelp_default     \(esc)32mRemoved\(esc)0m              \(esc)34m0.2s \(esc)0m\n"
            + " \(esc)32m✔\(esc)0m Volume swcouthelp_data         \(esc)32mRemoved\(esc)0m              \(esc)34m0.0s \(esc)0m\n"
            + "\(esc)?25h")
    }

    @Test("a status too long for the terminal is cut with ...; unknown width aligns nothing")
    func narrow() {
        let t0 = ContinuousClock.now
        var board = TTYProgressBoard(colors: false)
        board.apply(.warning(ProgressEvent.container("p-db-1"), "Skipped: optional dependency \"db\" failed"), at: t0)
        let frame = board.frame(now: t0, width: 40)
        #expect(frame.contains(" ! Container p-db-1  Skipped: o... 0.0s \n"))
        var unknown = TTYProgressBoard(colors: false)
        unknown.apply(.working(ProgressEvent.container("p-db-1"), "Starting"), at: t0)
        #expect(unknown.frame(now: t0, width: 0).contains(" ⠋ Container p-db-1  Starting0.0s \n"))
    }

    @Test("dry-run prefix after the spinner")
    func dryRun() {
        let t0 = ContinuousClock.now
        var board = TTYProgressBoard(colors: false, dryRun: true)
        board.apply(.done(ProgressEvent.container("p-a-1"), "Created"), at: t0)
        #expect(board.frame(now: t0, width: 0).contains(" ✔ DRY-RUN MODE -  Container p-a-1  Created0.0s \n"))
    }
}

@Suite("Output: progress renderer")
struct OutputProgressRendererTests {
    @Test("plain and json write one line per event at once; quiet writes nothing")
    func lineModes() {
        for (mode, expected) in [
            (ProgressMode.plain, [" Container p-a-1  Creating\n", " Container p-a-1  Created\n", "done\n"]),
            (.json, [#"{"id":"Container p-a-1","status":"Creating"}"# + "\n",
                     #"{"id":"Container p-a-1","status":"Created"}"# + "\n", #"{"tail":true,"text":"done"}"# + "\n"]),
            (.quiet, []),
        ] {
            let recorder = OutputRecorder()
            let renderer = ProgressRenderer(mode: mode, colors: true, write: recorder.writer)
            renderer.start()
            renderer.emit(.working(ProgressEvent.container("p-a-1"), "Creating"))
            renderer.emit(.done(ProgressEvent.container("p-a-1"), "Created"))
            renderer.message("done")
            renderer.finish()
            #expect(recorder.all == expected, "\(mode)")
        }
    }

    @Test("tty: finish draws the final frame then the tail messages, and nothing more after")
    func ttyFinish() {
        let recorder = OutputRecorder()
        let t0 = ContinuousClock.now
        let renderer = ProgressRenderer(mode: .tty, colors: false, width: { 35 }, clock: { t0 }, write: recorder.writer)
        renderer.emit(.working(ProgressEvent.network("p_default"), "Creating"))
        renderer.emit(.done(ProgressEvent.network("p_default"), "Created"))
        renderer.message("WARNING: one")
        renderer.finish()
        renderer.redraw()
        renderer.finish()
        #expect(recorder.all == [
            "\(esc)1A\(esc)1B\(esc)0G\(esc)?25l[+] Running 1/1\n"
                + " ✔ Network p_default  Created" + spaces(1) + "0.0s \n\(esc)?25h",
            "WARNING: one\n",
        ])
    }

    @Test("tty: the timer redraws until finish")
    func ttyTimer() async throws {
        let recorder = OutputRecorder()
        let renderer = ProgressRenderer(mode: .tty, colors: false, width: { 0 }, write: recorder.writer)
        renderer.emit(.working(ProgressEvent.container("p-a-1"), "Starting"))
        renderer.start()
        // Wait for frames by count, never by elapsed time.
        while recorder.all.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
        renderer.finish()
        let frames = recorder.all.count
        try await Task.sleep(for: .milliseconds(250))
        #expect(recorder.all.count == frames)
        #expect(recorder.all.allSatisfy { $0.hasPrefix("\(esc)1A") && $0.hasSuffix("\(esc)?25h") })
    }
}

@Suite("Output: Go-compatible JSON text")
struct OutputJSONTextTests {
    @Test("escapes like Go's encoding/json, HTML escaping optional")
    func escapes() {
        let value = JSONText.object([
            ("s", .string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{2028}é/<>&")), ("n", .int(-3)), ("b", .bool(false)),
            ("z", .null), ("a", .array([])),
        ])
        #expect(value.render() == #"{"s":"a\"b\\c\n\r\t\b\f\u0001\u2028é/<>&","n":-3,"b":false,"z":null,"a":[]}"#)
        #expect(value.render(escapeHTML: true).contains(#"/\u003c\u003e\u0026""#))
    }
}
