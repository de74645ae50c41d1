import Foundation
import Reconciler
import Testing

@Suite("ProjectIntent: what users decided, for watchers")
struct ExecutionIntentTests {
    private func makeStore() -> (ProjectIntentStore, String) {
        let directory = NSTemporaryDirectory() + "swc-intent-\(UUID().uuidString.prefix(8))"
        let lock = ProjectLock(project: "demo", endpoint: "unix:///x", directory: directory)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (ProjectIntentStore(lock: lock), directory)
    }

    @Test("stop holds services, start releases them, down holds the project, up ends the down")
    func transitions() {
        var intent = ProjectIntent()
        intent.recordStopped(["web", "db"], now: 5)
        #expect(intent.stopped == ["web": 5, "db": 5])
        intent.recordStarted(["web"], up: false)
        #expect(intent.stopped == ["db": 5])
        intent.recordDown(now: 9)
        #expect(intent == ProjectIntent(downAt: 9, stopped: [:]))
        intent.recordStarted(["web"], up: false)
        #expect(intent.downAt == 9, "start is not up: a down stays recorded")
        intent.recordStopped(["web"], now: 10)
        intent.recordStarted(nil, up: true)
        #expect(intent == ProjectIntent())
    }

    @Test("the file sits beside the lock, survives a new reader, and is removed when nothing is left to say")
    func file() throws {
        let (store, directory) = makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(store.path.hasSuffix(".intent"))
        #expect(store.read() == ProjectIntent())
        try store.update { $0.recordStopped(["web"], now: 1) }
        #expect(FileManager.default.fileExists(atPath: store.path))
        let lock = ProjectLock(project: "demo", endpoint: "unix:///x", directory: directory)
        #expect(ProjectIntentStore(lock: lock).read().stopped == ["web": 1])
        try store.update { $0.recordStarted(nil, up: true) }
        #expect(!FileManager.default.fileExists(atPath: store.path))
        // Garbage reads as no intent (it only ever holds repairs back).
        try Data("{".utf8).write(to: URL(fileURLWithPath: store.path))
        #expect(store.read() == ProjectIntent())
    }
}
