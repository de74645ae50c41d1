@testable import ComposeCommands
import ComposeLoader
import ComposeTestSupport
import EngineAPI
import Foundation
import Reconciler
import Testing

/// The watcher's turns on the fake engine: what works on every engine that keeps the contract.
@Suite("watch turns on the fake engine")
struct WatchTurnTests {
    struct Setup {
        let engine: FakeEngine
        let watcher: ProjectWatcher
        let directory: String
    }

    private func setup(_ compose: String, backoff: RestartBackoff = RestartBackoff(initial: 30, cap: 60)) throws -> Setup {
        let directory = try ComposeProcess.project(["compose.yaml": compose])
        // A project of its own: tests run in parallel and the project lock is per (endpoint, project).
        let name = "demo\(UUID().uuidString.prefix(8).lowercased())"
        let global = try GlobalOptions.parse(["-f", directory + "/compose.yaml", "-p", name, "--progress", "quiet"])
        let project = try CommandContext.loadProject(global: global, options: LoaderOptions())
        let engine = FakeEngine(images: ["busybox"])
        let session = try ProjectSession(project: project, engine: engine)
        let watcher = ProjectWatcher(session: session, global: global, services: [], planOptions: PlanOptions(),
                                     executorOptions: ExecutorOptionsFactory.make(global: global),
                                     output: try WatchOutput(project: name, global: global), backoff: backoff)
        return Setup(engine: engine, watcher: watcher, directory: directory)
    }

    private func containers(_ engine: FakeEngine, _ service: String) async -> [ObservedContainer] {
        await engine.snapshot().containers.filter { $0.service == service }
    }

    @Test("the first turn converges; a removed container is recreated; a second removal waits for the backoff")
    func healWithBackoff() async throws {
        let setup = try setup("services:\n  web:\n    image: busybox\n    restart: always\n")
        defer { try? FileManager.default.removeItem(atPath: setup.directory) }
        _ = await setup.watcher.turn(1, [.start])
        let first = try #require(await containers(setup.engine, "web").first)
        #expect(first.state == .running)

        try await setup.engine.removeContainer(first.id, force: true, removeVolumes: false)
        let healed = await setup.watcher.turn(2, [.engineEvent])
        #expect(healed.requeueAfter == nil)
        let second = try #require(await containers(setup.engine, "web").first)
        #expect(second.id != first.id && second.state == .running)

        try await setup.engine.removeContainer(second.id, force: true, removeVolumes: false)
        let held = await setup.watcher.turn(3, [.engineEvent])
        #expect(await containers(setup.engine, "web").isEmpty)
        let requeue = try #require(held.requeueAfter)
        #expect(requeue > .seconds(25) && requeue <= .seconds(31))
    }

    @Test("a container that exited under restart: no is left alone; under restart: always it is started again")
    func restartPolicies() async throws {
        let setup = try setup("""
            services:
              job:
                image: busybox
                restart: "no"
              server:
                image: busybox
                restart: always
            """)
        defer { try? FileManager.default.removeItem(atPath: setup.directory) }
        _ = await setup.watcher.turn(1, [.start])
        let job = try #require(await containers(setup.engine, "job").first)
        let server = try #require(await containers(setup.engine, "server").first)
        try await setup.engine.simulateExit(job.id, code: 1)
        try await setup.engine.simulateExit(server.id, code: 1)
        await setup.engine.resetCalls()
        _ = await setup.watcher.turn(2, [.engineEvent])
        #expect(await setup.engine.mutatingCalls.map(\.description) == ["startContainer \(server.id)"])
        #expect(await containers(setup.engine, "job").first?.state == .exited)
    }

    @Test("an invalid edit changes nothing; a valid one recreates only the edited service")
    func edits() async throws {
        let compose = "services:\n  web:\n    image: busybox\n    environment: {A: \"1\"}\n  db:\n    image: busybox\n"
        let setup = try setup(compose)
        defer { try? FileManager.default.removeItem(atPath: setup.directory) }
        _ = await setup.watcher.turn(1, [.start])
        let db = try #require(await containers(setup.engine, "db").first)
        let web = try #require(await containers(setup.engine, "web").first)
        await setup.engine.resetCalls()
        try "services:\n  web:\n    image: 3\n".write(toFile: setup.directory + "/compose.yaml", atomically: true, encoding: .utf8)
        _ = await setup.watcher.turn(2, [.projectFiles])
        #expect(await setup.engine.mutatingCalls.isEmpty)
        try compose.replacingOccurrences(of: "\"1\"", with: "\"2\"")
            .write(toFile: setup.directory + "/compose.yaml", atomically: true, encoding: .utf8)
        _ = await setup.watcher.turn(3, [.projectFiles])
        #expect(await containers(setup.engine, "db").map(\.id) == [db.id])
        let newWeb = try #require(await containers(setup.engine, "web").first)
        #expect(newWeb.id != web.id && newWeb.state == .running)
        #expect(await setup.engine.mutatingCalls.allSatisfy { $0.subject != db.id })
    }
}
