@testable import EngineEmbedded
import EngineAPI
import Foundation
import TarArchive
import Testing

@Suite("Layer diff")
struct LayerDiffTests {
    /// An overlay-style upper dir: files, a hardlink pair, a symlink, an xattr, a whiteout and an opaque dir.
    static func makeUpper(_ upper: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: upper + "/etc", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: upper + "/opaque/sub", withIntermediateDirectories: true)
        try Data("conf".utf8).write(to: URL(fileURLWithPath: upper + "/etc/app.conf"))
        try Data("fresh".utf8).write(to: URL(fileURLWithPath: upper + "/opaque/sub/new"))
        try Data("bin".utf8).write(to: URL(fileURLWithPath: upper + "/tool"))
        #expect(chown(upper + "/tool", 12, 34) == 0)
        #expect(chmod(upper + "/tool", 0o4750) == 0) // after chown, which clears setuid
        try manager.linkItem(atPath: upper + "/tool", toPath: upper + "/tool-link")
        try manager.createSymbolicLink(atPath: upper + "/etc/alias", withDestinationPath: "app.conf")
        #expect(mknod(upper + "/etc/removed", S_IFCHR, 0) == 0)
        #expect(LayerXattr.set(upper + "/opaque", LayerExtractor.opaqueXattr, Array("y".utf8)) == nil)
        #expect(LayerXattr.set(upper + "/etc", "trusted.overlay.impure", Array("y".utf8)) == nil)
        #expect(LayerXattr.set(upper + "/etc/app.conf", "user.mark", Array("m".utf8)) == nil)
        for path in ["/etc/app.conf", "/opaque/sub/new", "/opaque/sub", "/opaque", "/etc", "/tool"] {
            var times = [timespec(tv_sec: 1_650_000_000, tv_nsec: 0), timespec(tv_sec: 1_650_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, upper + path, &times, AT_SYMLINK_NOFOLLOW) == 0)
        }
    }

    @Test("an upper dir becomes a gzip layer with whiteouts and opaque markers, and unpacks back to the same tree",
          .enabled(if: LayerFixture.isRoot, "needs root for whiteout devices and trusted.* xattrs"))
    func roundTrip() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Self.makeUpper(base + "/upper")
        let store = LayerStore(root: base + "/state")
        let result = try store.diff(upper: base + "/upper", to: base + "/layer.tar.gz")
        let gzip = try Data(contentsOf: URL(fileURLWithPath: base + "/layer.tar.gz"))
        #expect(result.size == Int64(gzip.count))
        #expect(result.digest == Digest.sha256(of: gzip))
        #expect(gzip.prefix(8) == Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])) // gzip header with mtime 0

        try LayerFixture.run(["sh", "-c", "gzip -dc '\(base)/layer.tar.gz' > '\(base)/layer.tar'"])
        let tar = Array(try Data(contentsOf: URL(fileURLWithPath: base + "/layer.tar")))
        #expect(Digest.sha256(of: tar) == result.diffID)
        var reader = TarReader(bytes: tar)
        var listing: [String] = []
        while let entry = try reader.next() {
            listing.append("\(entry.path) \(entry.type) \(String(entry.mode, radix: 8)) \(entry.uid):\(entry.gid) \(entry.linkTarget) \(entry.xattrs.keys.sorted())")
        }
        #expect(listing == [
            "etc/ directory 755 0:0  []",
            "etc/alias symlink 777 0:0 app.conf []",
            "etc/app.conf file 644 0:0  [\"user.mark\"]",
            "etc/.wh.removed file 600 0:0  []",
            "opaque/ directory 755 0:0  []",
            "opaque/.wh..wh..opq file 755 0:0  []",
            "opaque/sub/ directory 755 0:0  []",
            "opaque/sub/new file 644 0:0  []",
            "tool file 4750 12:34  []",
            "tool-link hardlink 4750 12:34 tool []",
        ])

        let again = try store.diff(upper: base + "/upper", to: base + "/again.tar.gz")
        #expect(again.diffID == result.diffID)
        #expect(again.digest == result.digest)

        let chainID = try store.unpack(blob: base + "/layer.tar.gz", diffID: result.diffID, parent: nil)
        let unpacked = store.directory(of: chainID)
        #expect(try LayerFixture.tree(unpacked) == LayerFixture.tree(base + "/upper"))
        #expect(LayerXattr.get(unpacked + "/opaque", LayerExtractor.opaqueXattr) == Array("y".utf8))
        #expect(LayerXattr.get(unpacked + "/etc", "trusted.overlay.impure") == nil)
        #expect(LayerXattr.get(unpacked + "/etc/app.conf", "user.mark") == Array("m".utf8))
        #expect(LayerFixture.info(unpacked + "/tool")?.st_uid == 12)
        #expect(LayerFixture.info(unpacked + "/tool-link")?.st_ino == LayerFixture.info(unpacked + "/tool")?.st_ino)
        #expect(LayerFixture.info(unpacked + "/opaque")?.st_mtim.tv_sec == 1_650_000_000)
    }

    @Test("an empty upper dir gives an empty layer (just the end-of-archive blocks)")
    func emptyUpper() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/upper", withIntermediateDirectories: true)
        let result = try LayerStore(root: base).diff(upper: base + "/upper", to: base + "/l.gz")
        #expect(result.diffID == Digest.sha256(of: [UInt8](repeating: 0, count: 1024)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).sorted() == ["l.gz", "upper"])
    }
}
