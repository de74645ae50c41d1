@testable import EngineEmbedded
import Foundation
import Testing

@Suite("inotify directory watch")
struct DirectoryWatchTests {
    private func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "swc-dirwatch-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path + "/tree/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/plain", withIntermediateDirectories: true)
        return path
    }

    @Test("a tree is watched at every depth, new directories included; in-place writes count when asked; quiet times out")
    func tree() async throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watch = try #require(DirectoryWatch(directories: [root + "/plain"], trees: [root + "/tree"], writes: true))
        defer { watch.stop() }
        #expect(await watch.waitForChange(timeout: .milliseconds(200)) == false)
        try "a".write(toFile: root + "/tree/sub/a.txt", atomically: false, encoding: .utf8)
        #expect(await watch.waitForChange(timeout: .seconds(5)))
        // A directory made after the watch began is watched too (its files' changes are seen).
        try FileManager.default.createDirectory(atPath: root + "/tree/sub/new", withIntermediateDirectories: true)
        #expect(await watch.waitForChange(timeout: .seconds(5)))
        try await Task.sleep(for: .milliseconds(100))
        _ = await watch.waitForChange(timeout: .milliseconds(100))
        try "b".write(toFile: root + "/tree/sub/new/b.txt", atomically: false, encoding: .utf8)
        #expect(await watch.waitForChange(timeout: .seconds(5)))
        let handle = try #require(FileHandle(forWritingAtPath: root + "/tree/sub/a.txt"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("more".utf8))
        try handle.close()
        #expect(await watch.waitForChange(timeout: .seconds(5)))
        try "c".write(toFile: root + "/plain/c.txt", atomically: true, encoding: .utf8)
        #expect(await watch.waitForChange(timeout: .seconds(5)))
    }

    @Test("a plain directory's subdirectories are not watched; a cancelled wait returns at once")
    func plainAndCancel() async throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/plain/deep", withIntermediateDirectories: true)
        let watch = try #require(DirectoryWatch(directories: [root + "/plain"]))
        defer { watch.stop() }
        try "x".write(toFile: root + "/plain/deep/x.txt", atomically: true, encoding: .utf8)
        #expect(await watch.waitForChange(timeout: .milliseconds(300)) == false)
        let clock = ContinuousClock()
        let start = clock.now
        let waiting = Task { await watch.waitForChange(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(clock.now - start < .seconds(10))
    }
}
