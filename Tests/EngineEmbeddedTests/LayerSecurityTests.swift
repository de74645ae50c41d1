@testable import EngineEmbedded
import EngineAPI
import Foundation
import TarArchive
import Testing

/// Hostile layers: each must be refused with an error naming the entry, publish nothing and write nothing
/// outside the layer.
@Suite("Layer security")
struct LayerSecurityTests {
    /// Unpacks `entries` (which may mention the `OUTSIDE` placeholder, replaced by a directory next to the
    /// state dir) and returns the error message, checking nothing was published or written outside.
    static func rejection(_ entries: [(TarEntry, [UInt8])]) throws -> String? {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let state = base + "/state"
        let outside = base + "/outside"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("original".utf8).write(to: URL(fileURLWithPath: outside + "/victim"))
        let resolved = entries.map { entry, data in
            var entry = entry
            entry.linkTarget = entry.linkTarget.replacingOccurrences(of: "OUTSIDE", with: outside)
            return (entry, data)
        }
        let blob = try LayerFixture.blob(resolved, in: base, name: "blob")
        var message: String?
        do {
            try LayerStore(root: state).unpack(blob: blob.path, diffID: blob.diffID, parent: nil)
        } catch {
            message = error.message
        }
        #expect(LayerFixture.layerDirNames(state).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == ["victim"])
        #expect(try String(contentsOfFile: outside + "/victim", encoding: .utf8) == "original")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).sorted() == ["blob", "outside", "state"])
        return message.map { $0.replacingOccurrences(of: blob.diffID.description, with: "L") }
    }

    @Test("a path with .. is refused")
    func dotDot() throws {
        #expect(try Self.rejection([LayerFixture.file("../x", "evil")]) == "layer L: entry '../x': path escapes the layer")
        #expect(try Self.rejection([LayerFixture.file("a/../../x", "evil")]) == "layer L: entry 'a/../../x': path escapes the layer")
    }

    @Test("an absolute path is refused")
    func absolute() throws {
        #expect(try Self.rejection([LayerFixture.file("/etc/evil", "x")]) == "layer L: entry '/etc/evil': path escapes the layer")
    }

    @Test("a file written through a symlinked directory is refused")
    func throughSymlinkDirectory() throws {
        let message = try Self.rejection([LayerFixture.symlink("a", "OUTSIDE"), LayerFixture.file("a/victim", "pwned")])
        #expect(message == "layer L: entry 'a/victim': path escapes the layer")
        let relative = try Self.rejection([LayerFixture.symlink("up", "../../outside"), LayerFixture.file("up/new", "pwned")])
        #expect(relative == "layer L: entry 'up/new': path escapes the layer")
    }

    @Test("a hardlink to a path outside the layer is refused")
    func hardlinkOutside() throws {
        #expect(try Self.rejection([LayerFixture.hardlink("h", "../outside/victim")]) == "layer L: entry 'h': path escapes the layer")
        #expect(try Self.rejection([LayerFixture.hardlink("h", "OUTSIDE/victim")]) == "layer L: entry 'h': path escapes the layer")
    }

    @Test("a hardlink through a symlinked directory is refused")
    func hardlinkThroughSymlink() throws {
        let message = try Self.rejection([LayerFixture.symlink("s", "OUTSIDE"), LayerFixture.hardlink("h", "s/victim")])
        #expect(message == "layer L: entry 'h': path escapes the layer")
    }

    @Test("a whiteout through a symlinked directory is refused")
    func whiteoutThroughSymlink() throws {
        let message = try Self.rejection([LayerFixture.symlink("s", "OUTSIDE"), LayerFixture.file("s/.wh.victim")])
        #expect(message == "layer L: entry 's/.wh.victim': path escapes the layer")
    }

    @Test("a file entry over a symlink pointing outside replaces the symlink and leaves the target alone")
    func fileOverOutsideSymlink() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Data("original".utf8).write(to: URL(fileURLWithPath: base + "/victim"))
        let blob = try LayerFixture.blob([LayerFixture.symlink("s", base + "/victim"), LayerFixture.file("s", "mine")], in: base, name: "blob")
        let store = LayerStore(root: base + "/state")
        let chainID = try store.unpack(blob: blob.path, diffID: blob.diffID, parent: nil)
        #expect(try LayerFixture.tree(store.directory(of: chainID)) == ["s file 644 'mine'"])
        #expect(try String(contentsOfFile: base + "/victim", encoding: .utf8) == "original")
    }

    @Test("a layer whose symlinks point outside is fine as long as nothing is written through them")
    func outsideSymlinkAlone() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let blob = try LayerFixture.blob([LayerFixture.symlink("etc", "/etc"), LayerFixture.symlink("up", "../../..")], in: base, name: "blob")
        let store = LayerStore(root: base + "/state")
        let chainID = try store.unpack(blob: blob.path, diffID: blob.diffID, parent: nil)
        #expect(try LayerFixture.tree(store.directory(of: chainID)) == ["etc -> /etc", "up -> ../../.."])
    }

    @Test("path components are split without . and empty parts; absolute and .. give nil")
    func components() {
        #expect(LayerExtractor.components("./a//b/./c/") == ["a", "b", "c"])
        #expect(LayerExtractor.components("./") == [])
        #expect(LayerExtractor.components("/a") == nil)
        #expect(LayerExtractor.components("a/..") == nil)
        #expect(LayerExtractor.components("..a/b..") == ["..a", "b.."])
    }
}
