@testable import ComposeCommands
import ComposeTestSupport
import EngineAPI
import Foundation
import Reconciler
import Testing

@Suite("watch: develop paths, file snapshots, the command")
struct WatchUnitTests {
    @Test("editor temporary files are never a change", arguments: [
        "/p/src/.main.swift.swp", "/p/src/main.swift~", "/p/src/.#main.swift", "/p/src/#main.swift#", "/p/src/4913",
        "/p/src/main.swift___jb_tmp___", "/p/src/x.tmp", "/p/.git",
    ])
    func editorTemporary(path: String) {
        #expect(DevelopPaths.isEditorTemporary(path))
    }

    @Test("a container or network step that met a conflict or a missing object is retried; other refusals wait for an edit")
    func waitsForEdit() {
        let start = PlannedOperation(id: 0, resource: .container(service: "web", number: 1),
                                     operation: .startContainer(ContainerRef(name: "p-web-1")), cause: .missing, dependencies: [])
        let pull = PlannedOperation(id: 1, resource: ResourceID(.image, "nope:1"), operation: .pullImage(reference: "nope:1"),
                                    cause: .missing, dependencies: [])
        #expect(!ProjectWatcher.waitsForEdit(EngineError(.conflict, "container p-web-1 is marked for removal"), start))
        #expect(!ProjectWatcher.waitsForEdit(EngineError(.notFound, "No such container: p-web-1"), start))
        #expect(!ProjectWatcher.waitsForEdit(EngineError(.unavailable, "engine down"), start))
        #expect(ProjectWatcher.waitsForEdit(EngineError(.invalidArgument, "Range of CPUs is from 0.01 to 2.00"), start))
        #expect(ProjectWatcher.waitsForEdit(EngineError(.notFound, "manifest unknown"), pull))
    }

    @Test("ordinary files are changes")
    func ordinary() {
        #expect(!DevelopPaths.isEditorTemporary("/p/src/main.swift"))
        #expect(!DevelopPaths.isEditorTemporary("/p/src/index.html"))
    }

    @Test("paths below a rule map to its target; ignore and include follow dockerignore syntax")
    func mapping() throws {
        #expect(DevelopPaths.relative("/p/src/a/b.txt", to: "/p/src") == "a/b.txt")
        #expect(DevelopPaths.relative("/p/src", to: "/p/src") == "")
        #expect(DevelopPaths.relative("/p/srcx/b.txt", to: "/p/src") == nil)
        #expect(DevelopPaths.target("a/b.txt", under: "/app") == "/app/a/b.txt")
        #expect(DevelopPaths.target("", under: "/app/file") == "/app/file")
        let ignore = try DockerIgnore(lines: ["node_modules", "*.log"])
        #expect(!DevelopPaths.matches("node_modules/x/y.js", ignore: ignore, include: nil))
        #expect(!DevelopPaths.matches("debug.log", ignore: ignore, include: nil))
        #expect(DevelopPaths.matches("main.js", ignore: ignore, include: nil))
        let include = try DockerIgnore(lines: ["*.py"])
        #expect(DevelopPaths.matches("app.py", ignore: nil, include: include))
        #expect(!DevelopPaths.matches("app.txt", ignore: nil, include: include))
    }

    @Test("a snapshot reports added, changed and removed files, not directory mtimes")
    func snapshot() throws {
        let root = NSTemporaryDirectory() + "swc-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "a".write(toFile: root + "/sub/a.txt", atomically: false, encoding: .utf8)
        try "b".write(toFile: root + "/b.txt", atomically: false, encoding: .utf8)
        let before = FileSnapshot.take([root])
        try "a2!".write(toFile: root + "/sub/a.txt", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/b.txt")
        try "c".write(toFile: root + "/sub/c.txt", atomically: true, encoding: .utf8)
        try ".".write(toFile: root + "/sub/.c.txt.swp", atomically: false, encoding: .utf8)
        let after = FileSnapshot.take([root], skip: DevelopPaths.isEditorTemporary)
        #expect(after.changes(since: before) == [root + "/b.txt", root + "/sub/a.txt", root + "/sub/c.txt"])
        #expect(FileSnapshot.take([root], skip: DevelopPaths.isEditorTemporary).changes(since: after).isEmpty)
    }

    @Test("compose watch --help")
    func help() throws {
        let result = try ComposeProcess.run(["watch", "--help"], in: "/tmp")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: compose watch"), "\(result.stdout)")
    }

    @Test("the resync interval and the backoff come from the environment")
    func knobs() {
        #expect(WatchRun.resyncInterval([:]) == .seconds(30))
        #expect(WatchRun.resyncInterval(["COMPOSE_WATCH_RESYNC": "2"]) == .seconds(2))
        let backoff = WatchRun.backoff(["COMPOSE_WATCH_BACKOFF": "0.5,4"])
        #expect(backoff.initial == 0.5 && backoff.cap == 4)
        #expect(WatchRun.backoff([:]).initial == 1)
    }

    @Test("the fake engine records copies and commands, and fails them for a missing container")
    func fakeEngineDevelopCalls() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = try await engine.createContainer(ContainerSpec(name: "demo-web-1", image: "busybox"))
        try await engine.copyToContainer(id, entries: [CopyEntry(hostPath: "/tmp/a", containerPath: "/app/a")])
        #expect(try await engine.execInContainer(id, ExecSpec(command: ["touch", "/x"])) == 0)
        #expect(await engine.calls(of: .copyToContainer).map(\.description) == ["copyToContainer \(id) /app/a"])
        #expect(await engine.calls(of: .execInContainer).map(\.description) == ["execInContainer \(id) touch /x"])
        #expect(await engine.mutatingCalls.count == 3)
        await #expect(throws: EngineError.self) { try await engine.execInContainer("missing", ExecSpec(command: ["true"])) }
    }
}
