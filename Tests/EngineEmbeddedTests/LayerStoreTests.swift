@testable import EngineEmbedded
import EngineAPI
import Foundation
import TarArchive
import Testing

@Suite("Layer store")
struct LayerStoreTests {
    static let a = Digest(parsing: "sha256:" + String(repeating: "a", count: 64))
    static let b = Digest(parsing: "sha256:" + String(repeating: "b", count: 64))
    static let c = Digest(parsing: "sha256:" + String(repeating: "c", count: 64))

    @Test("chainIDs follow containerd: the first is the diffID, then sha256(parent + \" \" + diffID)")
    func chainIDs() throws {
        let diffs = try [#require(Self.a), #require(Self.b), #require(Self.c)]
        #expect(LayerStore.chainIDs(diffs).map(\.description) == [
            "sha256:" + String(repeating: "a", count: 64),
            "sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c",
            "sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588",
        ])
        #expect(LayerStore.chainIDs([]).isEmpty)
    }

    static let base: [(TarEntry, [UInt8])] = [
        LayerFixture.directory("./", mode: 0o755),
        LayerFixture.directory("etc/", mode: 0o750, mtime: 1_500_000_000),
        LayerFixture.file("etc/gone", "bye"),
        (TarEntry(path: "etc/owned", type: .file, mode: 0o640, uid: 1000, gid: 1001, modificationTime: 1_600_000_123), Array("mine".utf8)),
        LayerFixture.directory("bin/"),
        LayerFixture.file("bin/busybox", "elf", mode: 0o4755),
        LayerFixture.symlink("bin/sh", "busybox"),
        LayerFixture.hardlink("bin/ls", "bin/busybox"),
        LayerFixture.directory("data/"),
        LayerFixture.file("data/old", "1"),
        LayerFixture.file("implicit/parent/file", "deep"),
        (TarEntry(path: "run/fifo", type: .fifo, mode: 0o600), []),
        (TarEntry(path: "dev/null", type: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3), []),
        (TarEntry(path: "bin/ping", type: .file, mode: 0o755, xattrs: ["user.note": Array("hi".utf8), "trusted.overlay.opaque": Array("y".utf8)]), Array("p".utf8)),
    ]

    static let top: [(TarEntry, [UInt8])] = [
        LayerFixture.file("etc/.wh.gone"),
        LayerFixture.directory("data/"),
        LayerFixture.file("data/.wh..wh..opq"),
        LayerFixture.file("data/new", "2"),
        LayerFixture.file(".wh..wh.plnk"),
    ]

    @Test("two layers unpack into chainID dirs with owners, modes, links, devices and whiteouts converted",
          .enabled(if: LayerFixture.isRoot, "needs root for owners, devices and trusted.* xattrs"))
    func unpackTwoLayers() throws {
        let state = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let store = LayerStore(root: state)
        let first = try LayerFixture.blob(Self.base, in: state, name: "base", compression: .gzip)
        let second = try LayerFixture.blob(Self.top, in: state, name: "top")
        let chain = LayerStore.chainIDs([first.diffID, second.diffID])
        #expect(try store.unpack(blob: first.path, diffID: first.diffID, parent: nil) == chain[0])
        #expect(try store.unpack(blob: second.path, diffID: second.diffID, parent: chain[0]) == chain[1])
        #expect(store.contains(chain[0]) && store.contains(chain[1]))
        #expect(try store.allChainIDs() == chain.sorted())
        #expect(LayerFixture.layerDirNames(state) == chain.map(\.hex).sorted())

        let lower = store.directory(of: chain[0])
        #expect(lower == state + "/layers/" + chain[0].hex + "/fs")
        #expect(try LayerFixture.tree(lower) == [
            "bin/ dir 755", "bin/busybox file 4755 'elf'", "bin/ls file 4755 'elf'", "bin/ping file 755 'p'", "bin/sh -> busybox",
            "data/ dir 755", "data/old file 644 '1'",
            "dev/ dir 755", "dev/null char 1,3",
            "etc/ dir 750", "etc/gone file 644 'bye'", "etc/owned file 640 'mine'",
            "implicit/ dir 755", "implicit/parent/ dir 755", "implicit/parent/file file 644 'deep'",
            "run/ dir 755", "run/fifo fifo 600",
        ])
        let owned = try #require(LayerFixture.info(lower + "/etc/owned"))
        #expect(owned.st_uid == 1000 && owned.st_gid == 1001 && owned.st_mtim.tv_sec == 1_600_000_123)
        // Directory times are set after their children were written.
        #expect(LayerFixture.info(lower + "/etc")?.st_mtim.tv_sec == 1_500_000_000)
        #expect(LayerFixture.info(lower + "/bin/ls")?.st_ino == LayerFixture.info(lower + "/bin/busybox")?.st_ino)
        #expect(LayerXattr.get(lower + "/bin/ping", "user.note") == Array("hi".utf8))
        // trusted.overlay.* from a tar would let it forge overlay state: dropped.
        #expect(LayerXattr.get(lower + "/bin/ping", "trusted.overlay.opaque") == nil)

        let upper = store.directory(of: chain[1])
        // etc/ is implied by the whiteout: it keeps the lower layer's 0750.
        #expect(try LayerFixture.tree(upper) == ["data/ dir 755", "data/new file 644 '2'", "etc/ dir 750", "etc/gone char 0,0"])
        #expect(LayerXattr.get(upper + "/data", LayerExtractor.opaqueXattr) == Array("y".utf8))
        #expect(LayerXattr.get(upper + "/etc", LayerExtractor.opaqueXattr) == nil)

        let meta = try store.metadata(of: chain[1])
        #expect(meta.diffID == second.diffID)
        #expect(meta.parent == chain[0])
        #expect(meta.size == Int64(try Data(contentsOf: URL(fileURLWithPath: second.path)).count))
        #expect(try store.metadata(of: chain[0]).parent == nil)

        // Already present: a no-op, even with the blob gone.
        try FileManager.default.removeItem(atPath: first.path)
        #expect(try store.unpack(blob: first.path, diffID: first.diffID, parent: nil) == chain[0])

        try store.remove(chain[1])
        #expect(!store.contains(chain[1]))
        #expect(try store.allChainIDs() == [chain[0]])
        #expect(LayerFixture.layerDirNames(state) == [chain[0].hex])
    }

    @Test("a directory implied by a later layer's entries keeps the lower layer's mode, owner and time",
          .enabled(if: LayerFixture.isRoot, "needs root to own files"))
    func impliedDirectoryInheritsLower() throws {
        let state = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let store = LayerStore(root: state)
        let lower = try LayerFixture.blob([
            (TarEntry(path: "tmp/", type: .directory, mode: 0o1777, uid: 7, gid: 8, modificationTime: 1_234_567_890), []),
            LayerFixture.file("tmp/old"),
        ], in: state, name: "l0")
        let upper = try LayerFixture.blob([LayerFixture.file("tmp/.wh.old"), LayerFixture.file("tmp/sub/new", "n")], in: state, name: "l1")
        let l0 = try store.unpack(blob: lower.path, diffID: lower.diffID, parent: nil)
        let l1 = try store.unpack(blob: upper.path, diffID: upper.diffID, parent: l0)
        let tmp = try #require(LayerFixture.info(store.directory(of: l1) + "/tmp"))
        #expect(tmp.st_mode & 0o7777 == 0o1777)
        #expect(tmp.st_uid == 7 && tmp.st_gid == 8)
        #expect(tmp.st_mtim.tv_sec == 1_234_567_890)
        #expect(LayerFixture.info(store.directory(of: l1) + "/tmp/sub").map { $0.st_mode & 0o7777 } == 0o755)
    }

    @Test("a layer made by GNU tar from a real directory unpacks to the same tree")
    func gnuTarLayer() throws {
        let base = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let source = base + "/rootfs"
        try FileManager.default.createDirectory(atPath: source + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: source + "/etc/" + String(repeating: "deep", count: 30), withIntermediateDirectories: true)
        try Data("#!/bin/sh".utf8).write(to: URL(fileURLWithPath: source + "/bin/busybox"))
        #expect(chmod(source + "/bin/busybox", 0o755) == 0)
        try FileManager.default.createSymbolicLink(atPath: source + "/bin/sh", withDestinationPath: "busybox")
        try FileManager.default.linkItem(atPath: source + "/bin/busybox", toPath: source + "/bin/ls")
        try Data("x".utf8).write(to: URL(fileURLWithPath: source + "/etc/" + String(repeating: "deep", count: 30) + "/" + String(repeating: "f", count: 120)))
        try LayerFixture.run(["tar", "--format=posix", "--numeric-owner", "--sort=name", "-C", source, "-czf", base + "/layer.tgz", "."])
        try LayerFixture.run(["sh", "-c", "gzip -dc '\(base)/layer.tgz' > '\(base)/layer.tar'"])
        let diffID = Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: base + "/layer.tar")))
        let store = LayerStore(root: base + "/state")
        let chainID = try store.unpack(blob: base + "/layer.tgz", diffID: diffID, parent: nil)
        #expect(try LayerFixture.tree(store.directory(of: chainID)) == LayerFixture.tree(source))
        #expect(LayerFixture.info(store.directory(of: chainID) + "/bin/ls")?.st_ino == LayerFixture.info(store.directory(of: chainID) + "/bin/busybox")?.st_ino)
    }

    @Test("a blob whose uncompressed digest is not the diffID is rejected and nothing is published")
    func digestMismatch() throws {
        let state = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let store = LayerStore(root: state)
        let blob = try LayerFixture.blob([LayerFixture.file("a", "x")], in: state, name: "blob", compression: .gzip)
        let wrong = try #require(Self.b)
        do {
            try store.unpack(blob: blob.path, diffID: wrong, parent: nil)
            Issue.record("expected a digest mismatch")
        } catch {
            #expect(error.message == "layer \(wrong): uncompressed content has digest \(blob.diffID), not the expected diffID")
        }
        #expect(LayerFixture.layerDirNames(state).isEmpty)
        #expect(!store.contains(wrong))
    }

    @Test("gzip, zstd and plain blobs of the same tar unpack to the same tree")
    func compressions() throws {
        let state = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let big = String(repeating: "0123456789abcdef", count: 40_000) // 640 KB: several decompressed chunks
        let entries = [LayerFixture.directory("d/"), LayerFixture.file("d/big", big), LayerFixture.file("small", "s")]
        var trees: [[String]] = []
        for compression in [LayerFixture.Compression.plain, .gzip, .zstd] {
            let layers = state + "/" + compression.rawValue
            let store = LayerStore(root: layers)
            let blob = try LayerFixture.blob(entries, in: state, name: compression.rawValue + ".blob", compression: compression)
            let chainID = try store.unpack(blob: blob.path, diffID: blob.diffID, parent: nil)
            let content = try String(contentsOfFile: store.directory(of: chainID) + "/d/big", encoding: .utf8)
            #expect(content == big)
            trees.append(try LayerFixture.tree(store.directory(of: chainID)).filter { !$0.hasPrefix("d/big") })
        }
        #expect(trees[0] == ["d/ dir 755", "small file 644 's'"])
        #expect(trees[1] == trees[0])
        #expect(trees[2] == trees[0])
    }

    @Test("a truncated gzip blob fails and leaves nothing behind")
    func truncatedBlob() throws {
        let state = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let blob = try LayerFixture.blob([LayerFixture.file("a", String(repeating: "x", count: 10_000))], in: state, name: "b", compression: .gzip)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: blob.path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: blob.path))
        #expect(throws: EngineError.self) { try LayerStore(root: state).unpack(blob: blob.path, diffID: blob.diffID, parent: nil) }
        #expect(LayerFixture.layerDirNames(state).isEmpty)
    }
}
