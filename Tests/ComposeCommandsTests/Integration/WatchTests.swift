@testable import ComposeLoader
import EngineAPI
import EngineEmbedded
import Foundation
import Reconciler
import Testing

/// Watch mode against each enabled engine: repairs, edits, invalid edits, crash loops, restarts of the watcher,
/// signals and the JSON stream. Latencies are printed (the machine is shared: only generous bounds are asserted).
/// Every test runs on both engines: out-of-band changes go through `project.engine`, never a `docker` CLI.
@Suite("watch against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct WatchTests {
    static let image = Integration.image

    static func server(_ name: String, environment: String = "one", extra: String = "") -> String {
        """
          \(name):
            image: \(image)
            command: ["sleep", "3600"]
            init: true
            environment:
              FOO: \(environment)
        \(extra)
        """
    }

    static func twoServices(web: String = "one") -> String {
        "services:\n" + server("web", environment: web) + "\n" + server("db")
    }

    @Test("a container removed out of band (rm -f) runs again (and the other service is left alone)", arguments: Integration.engines)
    func heal(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices())
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        let db = try #require(try await watch.waitForReplacement("db", excluding: []).0)
        try await project.engine.removeContainer(web.id, force: true, removeVolumes: false)
        let (replacement, took) = try await watch.waitForReplacement("web", excluding: [web.id])
        print("watch heal latency on \(engine) (rm -f → running): \(took)")
        #expect(replacement != nil, "\(watch.stderr)")
        #expect(took < .seconds(60))
        #expect(try await watch.running("db").map(\.id) == [db.id])
        let result = await watch.stop(SIGINT)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stderr.contains("create \(project.name)-web-1 (missing): done"), "\(result.stderr)")
        // The stack keeps running after the watcher is stopped.
        #expect(try await watch.running("web").count == 1)
    }

    @Test("an edit of one service's environment recreates only that service, the plan printed first", arguments: Integration.engines)
    func edit(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices())
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        let db = try #require(try await watch.waitForReplacement("db", excluding: []).0)
        try project.write(Self.twoServices(web: "two"))
        let (replacement, took) = try await watch.waitForReplacement("web", excluding: [web.id])
        print("watch edit latency (compose.yaml saved → recreated and running): \(took)")
        #expect(replacement != nil, "\(watch.stderr)")
        #expect(took < .seconds(60))
        #expect(try await watch.running("db").map(\.id) == [db.id])
        let result = await watch.stop(SIGTERM)
        #expect(result.status == 143, "\(result.stderr)")
        #expect(result.stderr.contains("project files changed: re-planning"), "\(result.stderr)")
        #expect(result.stderr.contains("environment changed"), "\(result.stderr)")
        #expect(!result.stderr.contains("\(project.name)-db-1 (environment"), "\(result.stderr)")
    }

    @Test("an invalid edit prints located errors and leaves the stack untouched; fixing it applies the edit", arguments: Integration.engines)
    func invalidEdit(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices())
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        try project.write("services:\n  web:\n    image: 3\n")
        #expect(await watch.waitForStderr("the running stack is left untouched"), "\(watch.stderr)")
        #expect(watch.stderr.contains("compose.yaml:3:"), "\(watch.stderr)")
        try await Task.sleep(for: .seconds(2))
        #expect(try await watch.running("web").map(\.id) == [web.id])
        #expect(try await watch.running("db").count == 1)
        // A removal while the files are invalid is still repaired from the last valid project.
        try project.write(Self.twoServices(web: "fixed"))
        let (replacement, _) = try await watch.waitForReplacement("web", excluding: [web.id])
        #expect(replacement != nil, "\(watch.stderr)")
        _ = await watch.stop()
    }

    @Test("a crash loop under restart: always is the engine's: restarts spaced by a growing backoff, never doubled by the watcher", arguments: Integration.engines)
    func crashLoop(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              crash:
                image: \(Self.image)
                command: ["sh", "-c", "exit 3"]
                restart: always
            """)
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        var id: String?
        var times: [(count: Int, at: ContinuousClock.Instant)] = []
        let clock = ContinuousClock()
        _ = try await LifecycleSupport.eventually(timeout: .seconds(90)) {
            guard let listed = try await project.observe().containers.first(where: { $0.service == "crash" }) else { return false }
            // The list does not carry the restart count: inspect.
            let container = try await project.engine.inspectContainer(listed.id).container
            if id == nil { id = container.id }
            #expect(container.id == id, "the watcher recreated a crash-looping container")
            if times.last?.count != container.restartCount { times.append((container.restartCount, clock.now)) }
            return container.restartCount >= 6
        }
        let intervals = zip(times.dropFirst(), times).map { $0.at - $1.at }
        print("crash loop restart counts \(times.map(\.count)), intervals between them: \(intervals)")
        // The engine's backoff doubles from 0.1 s: the five restarts up to the sixth take at least 3.1 s, where a
        // loop without backoff (or one the watcher doubled) takes a fraction of a second. Intervals between two
        // polls are not compared: a loaded machine's late poll merges several restarts into one interval.
        #expect(times.count >= 2, "\(times.map(\.count))")
        if let first = times.first, let last = times.last, last.count > first.count {
            let perRestart = (last.at - first.at) / (last.count - first.count)
            #expect(perRestart > .milliseconds(250), "\(times.map(\.count)) \(intervals)")
        }
        let result = await watch.stop()
        #expect(!result.stderr.contains("start \(project.name)-crash-1 (exited"), "\(result.stderr)")
    }

    @Test("repeated removals are repaired with a growing backoff", arguments: Integration.engines)
    func repairBackoff(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, "services:\n" + Self.server("web"))
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project, environment: ["COMPOSE_WATCH_BACKOFF": "2,16"])
        defer { watch.kill() }
        var (current, _) = try await watch.waitForReplacement("web", excluding: [])
        var seen = Set<String>()
        var durations: [Duration] = []
        var repairs: [Double] = []
        for _ in 0..<3 {
            let container = try #require(current)
            seen.insert(container.id)
            try await project.engine.removeContainer(container.id, force: true, removeVolumes: false)
            let (next, took) = try await watch.waitForReplacement("web", excluding: seen)
            durations.append(took)
            current = next
            let started = try await project.engine.inspectContainer(try #require(next).id).startedAt
            repairs.append(try #require(started.flatMap(RFC3339.parse)))
        }
        let gaps = zip(repairs.dropFirst(), repairs).map { $0 - $1 }
        print("repair delays after repeated removals: \(durations); gaps between repairs: \(gaps)")
        #expect(watch.stderr.contains("repair held back"), "\(watch.stderr)")
        // Backoff 2 s then 4 s: the repairs' start times are at least that far apart whatever the machine's load
        // (delays counted from the removals are not: a late poll shortens them).
        #expect(gaps.count == 2 && gaps[0] >= 1.8 && gaps[1] >= 3.6, "\(gaps) \(watch.stderr)")
        _ = await watch.stop()
    }

    @Test("SIGKILL of the watcher and a new one: converges without duplicates", arguments: Integration.engines)
    func killAndRestart(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices())
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        _ = await watch.stop(SIGKILL)
        try await project.engine.removeContainer(web.id, force: true, removeVolumes: false)
        let again = try WatchProcess(project)
        defer { again.kill() }
        let (replacement, _) = try await again.waitForReplacement("web", excluding: [web.id])
        #expect(replacement != nil, "\(again.stderr)")
        // A manual up while the watcher runs waits for the lock or finds nothing to do; nothing is duplicated.
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        try await Task.sleep(for: .seconds(2))
        let containers = try await project.observe().containers
        #expect(containers.filter { $0.service == "web" }.count == 1)
        #expect(containers.filter { $0.service == "db" }.count == 1)
        let result = await again.stop()
        #expect(result.status == 130)
    }

    @Test("--progress json: one JSON object per line, each valid against schemas/watch-events.schema.json", arguments: Integration.engines)
    func json(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, "services:\n" + Self.server("web"))
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project, ["--progress", "json", "watch"])
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        try project.write("services:\n  web:\n    image: 3\n")
        #expect(await watch.waitForStderr("\"diagnostics\""), "\(watch.stderr)")
        try project.write("services:\n" + Self.server("web", environment: "json"))
        _ = try await watch.waitForReplacement("web", excluding: [web.id])
        try await Task.sleep(for: .seconds(1))
        let result = await watch.stop()

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let schemaText = try String(contentsOf: root.appendingPathComponent("schemas/watch-events.schema.json"), encoding: .utf8)
        let schema = try JSONSchema.compile(schemaText)
        var types = Set<String>()
        for line in result.stderr.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not JSON: \(line)")
            if let type = object?["type"] as? String { types.insert(type) }
            let problems = SchemaValidator.validate(try SchemaJSONReader.parse(String(line)), against: schema).map(\.message)
            #expect(problems.isEmpty, "\(line): \(problems)")
        }
        #expect(types.isSuperset(of: ["watch", "turn", "plan", "action", "error", "note"]), "\(types)")
    }

    @Test("up --watch prints the services' output and refuses -d", arguments: Integration.engines)
    func upWatch(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              web:
                image: \(Self.image)
                command: ["sh", "-c", "echo hello-from-web; exec sleep 3600"]
                init: true
            """)
        defer { project.cleanUpNow() }
        let refused = try project.compose(["up", "-d", "--watch"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--watch cannot be combined with -d"), "\(refused.stderr)")
        let watch = try WatchProcess(project, ["up", "--watch"])
        defer { watch.kill() }
        #expect(await watch.launched.waitForOutput("web-1  | hello-from-web"), "\(watch.launched.stdout)\(watch.stderr)")
        let result = await watch.stop()
        #expect(result.status == 130)
    }

    @Test("develop.watch: sync (add, change, delete, initial_sync), sync+exec, restart and rebuild (--prune removes the replaced image), with a re-sync after the recreate", arguments: Integration.engines)
    func develop(engine: EngineKind) async throws {
        let tag = "swctest-watch-dev-\(UUID().uuidString.prefix(8).lowercased()):1"
        let project = try await IntegrationProject(engine, """
            services:
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(Self.image)
                    COPY app.txt /app/app.txt
                    CMD ["sleep", "3600"]
                image: \(tag)
                init: true
                develop:
                  watch:
                    - action: sync
                      path: ./src
                      target: /app/src
                      initial_sync: true
                      ignore: ["*.log"]
                    - action: sync+exec
                      path: ./hook
                      target: /app/hook
                      exec:
                        command: ["sh", "-c", "cat /app/hook/h.txt > /app/hooked"]
                    - action: rebuild
                      path: ./app.txt
                    - action: restart
                      path: ./restart.txt
            """, files: ["app.txt": "v1\n", "src/one.txt": "one\n", "hook/h.txt": "h1\n", "restart.txt": "r1\n"])
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project, ["watch", "--prune"])
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("app", excluding: [])
        let app = try #require(first)
        func run(_ command: String) async throws -> Int {
            guard let current = try await watch.running("app").first else { return -1 }
            return try await project.engine.execInContainer(current.id, ExecSpec(command: ["sh", "-c", command]))
        }
        #expect(try await LifecycleSupport.eventually { try await run("grep -q one /app/src/one.txt") == 0 }, "\(watch.stderr)")
        try FileManager.default.createDirectory(atPath: project.directory + "/src/sub", withIntermediateDirectories: true)
        try "two\n".write(toFile: project.directory + "/src/sub/two.txt", atomically: true, encoding: .utf8)
        try "x".write(toFile: project.directory + "/src/debug.log", atomically: true, encoding: .utf8)
        #expect(try await LifecycleSupport.eventually { try await run("grep -q two /app/src/sub/two.txt") == 0 }, "\(watch.stderr)")
        #expect(try await run("test -e /app/src/debug.log") != 0)
        try FileManager.default.removeItem(atPath: project.directory + "/src/one.txt")
        #expect(try await LifecycleSupport.eventually { try await run("test -e /app/src/one.txt") != 0 }, "\(watch.stderr)")
        try "h2\n".write(toFile: project.directory + "/hook/h.txt", atomically: true, encoding: .utf8)
        #expect(try await LifecycleSupport.eventually { try await run("grep -q h2 /app/hooked") == 0 }, "\(watch.stderr)")

        let started = try await project.engine.inspectContainer(app.id).startedAt
        try "r2\n".write(toFile: project.directory + "/restart.txt", atomically: true, encoding: .utf8)
        #expect(try await LifecycleSupport.eventually {
            try await project.engine.inspectContainer(app.id).startedAt != started
        }, "\(watch.stderr)")
        #expect(try await LifecycleSupport.eventually { try await watch.running("app").map(\.id) == [app.id] })

        let before = try #require(try await project.engine.imageID(tag))
        try "v2\n".write(toFile: project.directory + "/app.txt", atomically: true, encoding: .utf8)
        let (rebuilt, took) = try await watch.waitForReplacement("app", excluding: [app.id], timeout: .seconds(120))
        print("develop.watch rebuild latency (app.txt saved → new container running): \(took)")
        #expect(rebuilt != nil, "\(watch.stderr)")
        // --prune: the image the rebuild replaced is removed once the new container runs.
        #expect(await watch.waitForStderr("app: prune: removed dangling image"), "\(watch.stderr)")
        #expect(try await project.engine.inspectImage(before) == nil, "\(watch.stderr)")
        #expect(try await project.engine.imageID(tag) != before)
        #expect(try await LifecycleSupport.eventually { try await run("grep -q v2 /app/app.txt") == 0 })
        // The recreated container got the synced paths again.
        #expect(try await LifecycleSupport.eventually { try await run("grep -q two /app/src/sub/two.txt") == 0 }, "\(watch.stderr)")
        _ = await watch.stop()
        project.cleanUpNow()
        try? await project.engine.removeImage(tag, force: true)
    }

    @Test("a network removed out of band is created again and the container reconnected (on Docker found by the resync: dockerd's network events carry no project label)", arguments: Integration.engines)
    func networkRepair(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              web:
                image: \(Self.image)
                command: ["sleep", "3600"]
                init: true
                networks: [front, back]
            networks:
              front: {}
              back: {}
            """)
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        let back = "\(project.name)_back"
        let both = ["\(project.name)_back", "\(project.name)_front"]
        #expect(web.networks.sorted() == both)
        try await project.engine.disconnect(container: web.id, from: back)
        try await project.engine.removeNetwork(back)
        #expect(try await LifecycleSupport.eventually(timeout: .seconds(90)) {
            try await watch.running("web").first?.networks.sorted() == both
        }, "\(watch.stderr)")
        #expect(try await watch.running("web").first?.id == web.id)
        _ = await watch.stop()
    }

    @Test("x-swift-compose heal_unhealthy: an unhealthy container is replaced", arguments: Integration.engines)
    func healUnhealthy(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              web:
                image: \(Self.image)
                command: ["sleep", "3600"]
                init: true
                healthcheck:
                  test: ["CMD", "test", "-e", "/tmp/healthy"]
                  interval: 1s
                  retries: 1
                x-swift-compose:
                  heal_unhealthy: true
            """)
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let (first, _) = try await watch.waitForReplacement("web", excluding: [])
        let web = try #require(first)
        let (replacement, _) = try await watch.waitForReplacement("web", excluding: [web.id])
        #expect(replacement != nil, "\(watch.stderr)")
        #expect(watch.stderr.contains("(unhealthy): done"), "\(watch.stderr)")
        _ = await watch.stop()
    }

    @Test("an error retrying cannot fix is reported once and waits for an edit, which fixes it", arguments: Integration.engines)
    func terminalError(engine: EngineKind) async throws {
        let broken = "services:\n  web:\n    image: \(Self.image)\n    command: [\"sleep\", \"3600\"]\n    cpus: 1000\n"
        let project = try await IntegrationProject(engine, broken)
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project, environment: ["COMPOSE_WATCH_RESYNC": "1"])
        defer { watch.kill() }
        #expect(await watch.waitForStderr("waiting for an edit"), "\(watch.stderr)")
        try await Task.sleep(for: .seconds(4))
        #expect(watch.stderr.components(separatedBy: "Range of CPUs").count == 3, "\(watch.stderr)")
        try project.write(broken.replacingOccurrences(of: "cpus: 1000", with: "cpus: 1"))
        let (fixed, _) = try await watch.waitForReplacement("web", excluding: [])
        #expect(fixed != nil, "\(watch.stderr)")
        _ = await watch.stop()
    }

    @Test("an edit of .env or of an env_file re-plans: only the service using it is recreated", arguments: Integration.engines)
    func envFiles(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, """
            services:
              web:
                image: \(Self.image)
                command: ["sleep", "3600"]
                init: true
                environment:
                  FROM_DOTENV: ${GREETING}
              db:
                image: \(Self.image)
                command: ["sleep", "3600"]
                init: true
                env_file: [db.env]
            """, files: [".env": "GREETING=one\n", "db.env": "DB=one\n"])
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let web = try #require(try await watch.waitForReplacement("web", excluding: []).0)
        let db = try #require(try await watch.waitForReplacement("db", excluding: []).0)
        try project.write("GREETING=two\n", to: ".env")
        let (newWeb, _) = try await watch.waitForReplacement("web", excluding: [web.id])
        #expect(newWeb != nil, "\(watch.stderr)")
        #expect(try await watch.running("db").map(\.id) == [db.id])
        try project.write("DB=two\n", to: "db.env")
        let (newDB, _) = try await watch.waitForReplacement("db", excluding: [db.id])
        #expect(newDB != nil, "\(watch.stderr)")
        #expect(try await watch.running("web").map(\.id) == [newWeb?.id ?? ""])
        _ = await watch.stop()
    }

    @Test("compose down while watching ends the watch (exit 0) instead of bringing the project back", arguments: Integration.engines)
    func downEndsWatch(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices())
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        _ = try #require(try await watch.waitForReplacement("web", excluding: []).0)
        _ = try #require(try await watch.waitForReplacement("db", excluding: []).0)
        let down = try project.compose(["down"])
        #expect(down.status == 0, "\(down.stderr)")
        let result = await watch.launched.finish(timeout: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Watch stopped: project \(project.name) was taken down by compose down"), "\(result.stderr)")
        #expect(try await project.observe().containers.isEmpty)
        // A new watch after the down is an `up`: it brings the project back.
        let again = try WatchProcess(project)
        defer { again.kill() }
        #expect(try await again.waitForReplacement("web", excluding: []).0 != nil, "\(again.stderr)")
        #expect(await again.stop().status == 130)
    }

    @Test("compose stop of a service while watching keeps it stopped, restart: always too, until compose start", arguments: Integration.engines)
    func stopHonoured(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, "services:\n" + Self.server("web", extra: "    restart: always")
                                                   + "\n" + Self.server("db"))
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        _ = try #require(try await watch.waitForReplacement("web", excluding: []).0)
        let db = try #require(try await watch.waitForReplacement("db", excluding: []).0)
        let stop = try project.compose(["stop", "web"])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(await watch.waitForStderr("web: stopped by compose stop, kill or down"), "\(watch.stderr)")
        // Past a resync (5 s here) and the restart backoff: still stopped; the other service is still looked after.
        try await Task.sleep(for: .seconds(7))
        #expect(try await watch.running("web").isEmpty, "\(watch.stderr)")
        try await project.engine.removeContainer(db.id, force: true, removeVolumes: false)
        #expect(try await watch.waitForReplacement("db", excluding: [db.id]).0 != nil, "\(watch.stderr)")
        // `start` hands it back to the watcher: a removal is repaired again.
        let start = try project.compose(["start", "web"])
        #expect(start.status == 0, "\(start.stderr)")
        let web = try #require(try await watch.waitForReplacement("web", excluding: []).0)
        try await project.engine.removeContainer(web.id, force: true, removeVolumes: false)
        #expect(try await watch.waitForReplacement("web", excluding: [web.id]).0 != nil, "\(watch.stderr)")
        #expect(await watch.stop().status == 130)
    }

    @Test("while another run holds the project lock the watcher waits (without blocking its loop), then repairs", arguments: Integration.engines)
    func lockSharing(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, "services:\n" + Self.server("web"))
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project)
        defer { watch.kill() }
        let web = try #require(try await watch.waitForReplacement("web", excluding: []).0)
        // Hold the lock as a manual run would, then make the project dirty: the watcher waits, then repairs.
        let lock = ProjectLock(project: project.name, endpoint: project.engine.endpoint)
        // The watcher holds the lock only while a turn applies: wait for a gap between turns.
        try await lock.acquire(wait: .seconds(60))
        defer { lock.release() }
        try await project.engine.removeContainer(web.id, force: true, removeVolumes: false)
        #expect(await watch.waitForStderr("waiting for the project lock"), "\(watch.stderr)")
        #expect(try await watch.running("web").isEmpty)
        lock.release()
        let (replacement, _) = try await watch.waitForReplacement("web", excluding: [web.id])
        #expect(replacement != nil, "\(watch.stderr)")
        _ = await watch.stop()
    }

    @Test("idle, the watcher costs well under 1% of one core (event-driven, stat polling of a few files)", arguments: Integration.engines)
    func idleCost(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, "services:\n" + Self.server("web") + "\n" + Self.server("db"))
        defer { project.cleanUpNow() }
        let watch = try WatchProcess(project, environment: ["COMPOSE_WATCH_RESYNC": "30"])
        defer { watch.kill() }
        _ = try await watch.waitForReplacement("web", excluding: [])
        _ = try await watch.waitForReplacement("db", excluding: [])
        try await Task.sleep(for: .seconds(2))
        func cpuSeconds() throws -> Double {
            let text = try String(contentsOfFile: "/proc/\(watch.launched.pid)/stat", encoding: .utf8)
            let fields = text.split(separator: ")").last?.split(separator: " ") ?? []
            // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command's closing parenthesis.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
        let clock = ContinuousClock()
        let before = try cpuSeconds()
        let start = clock.now
        try await Task.sleep(for: .seconds(10))
        let used = try cpuSeconds() - before
        let elapsed = clock.now - start
        let percent = 100 * used / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print("watch idle CPU: \(percent)% of one core")
        // The target is 1%; the bound leaves room for a loaded machine and a debug build.
        #expect(percent < 3, "\(percent)%")
        _ = await watch.stop()
    }
}
