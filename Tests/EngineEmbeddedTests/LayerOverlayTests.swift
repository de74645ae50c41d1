@testable import EngineEmbedded
import EngineAPI
import Foundation
import TarArchive
import Testing

/// Mounts real overlayfs over unpacked layers: root and SWIFT_COMPOSE_IT containing "embedded" only.
@Suite("Layer overlay mount")
struct LayerOverlayTests {
    static var enabled: Bool {
        getuid() == 0 && (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
    }

    @Test("the merged view of two unpacked layers honours whiteouts and opaque directories", .enabled(if: enabled))
    func mergedView() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let store = LayerStore(root: base + "/state")
        let lower = try LayerFixture.blob([
            LayerFixture.file("keep", "k"), LayerFixture.file("gone", "g"),
            LayerFixture.directory("dir/"), LayerFixture.file("dir/old", "o"), LayerFixture.file("dir/older", "o2"),
            LayerFixture.directory("plain/"), LayerFixture.file("plain/a", "a"),
        ], in: base, name: "l0", compression: .gzip)
        let upper = try LayerFixture.blob([
            LayerFixture.file(".wh.gone"),
            LayerFixture.directory("dir/"), LayerFixture.file("dir/.wh..wh..opq"), LayerFixture.file("dir/new", "n"),
            LayerFixture.file("plain/b", "b"),
        ], in: base, name: "l1", compression: .zstd)
        let l0 = try store.unpack(blob: lower.path, diffID: lower.diffID, parent: nil)
        let l1 = try store.unpack(blob: upper.path, diffID: upper.diffID, parent: l0)
        for name in ["upper", "work", "merged"] {
            try FileManager.default.createDirectory(atPath: base + "/" + name, withIntermediateDirectories: true)
        }
        let options = "lowerdir=\(store.directory(of: l1)):\(store.directory(of: l0)),upperdir=\(base)/upper,workdir=\(base)/work"
        try #require(mount("overlay", base + "/merged", "overlay", 0, options) == 0, "mount: \(String(cString: strerror(errno)))")
        defer { _ = umount2(base + "/merged", 0) }
        #expect(try LayerFixture.tree(base + "/merged") == [
            "dir/ dir 755", "dir/new file 644 'n'", "keep file 644 'k'", "plain/ dir 755", "plain/a file 644 'a'", "plain/b file 644 'b'",
        ])
        // Deleting through the mount leaves a whiteout in upper, which diff turns into a .wh. entry.
        try FileManager.default.removeItem(atPath: base + "/merged/keep")
        #expect(umount2(base + "/merged", 0) == 0)
        let result = try store.diff(upper: base + "/upper", to: base + "/diff.gz")
        try LayerFixture.run(["sh", "-c", "gzip -dc '\(base)/diff.gz' > '\(base)/diff.tar'"])
        var reader = try TarReader(path: base + "/diff.tar")
        defer { reader.close() }
        var paths: [String] = []
        while let entry = try reader.next() { paths.append(entry.path) }
        #expect(paths == [".wh.keep"])
        #expect(result.diffID == Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: base + "/diff.tar"))))
    }
}
