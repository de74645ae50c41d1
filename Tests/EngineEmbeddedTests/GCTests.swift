import EngineAPI
import EngineEmbedded
import Foundation
import Testing

@Suite("Image garbage collection and prune")
struct GCTests {
    @Test("collection keeps every blob reachable from a record and removes the rest, counting bytes")
    func blobs() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let kept = try storeFakeImage(store, layers: ["shared", "kept"], reference: "keep:1")
        let gone = try storeFakeImage(store, layers: ["shared", "gone-layer"], reference: "gone:1")
        let stray = try store.content.put(Array("stray".utf8))
        try store.untag(reference("gone:1"))
        let goneManifest = try #require(gone.manifestDigest)
        let goneConfigSize = try #require(store.content.size(of: gone.configDigest))
        let goneManifestSize = try #require(store.content.size(of: goneManifest))
        let report = try ImageGarbageCollector(images: store).collectBlobs()
        #expect(Set(report.blobsRemoved) == [stray, gone.configDigest, goneManifest, Digest.sha256(of: Array("gone-layer".utf8))])
        #expect(report.bytesFreed == 5 + goneConfigSize + goneManifestSize + 10)
        let manifest = try #require(try store.manifest(of: kept))
        #expect(Set(try store.content.allDigests()) == Set([kept.configDigest, try #require(kept.manifestDigest)] + manifest.layers.map(\.digest)))
        #expect(try ImageGarbageCollector(images: store).collectBlobs().blobsRemoved == [])
    }

    @Test("stale unlocked ingests are removed; locked or fresh ones stay")
    func ingests() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let busy = try store.content.ingest(expected: Digest.sha256(of: Array("busy".utf8)), size: nil)
        try busy.write(Array("bu".utf8))
        do {
            let abandoned = try store.content.ingest(expected: Digest.sha256(of: Array("abandoned".utf8)), size: nil)
            try abandoned.write(Array("aban".utf8))
        }
        #expect(try ImageGarbageCollector(images: store).collectBlobs().ingestsRemoved == [])
        let report = try ImageGarbageCollector(images: store, staleAfter: 0).collectBlobs()
        #expect(report.ingestsRemoved == [Digest.sha256(of: Array("abandoned".utf8)).hex])
        #expect(report.bytesFreed == 4)
        #expect(dir.contents("content/ingest") == [Digest.sha256(of: Array("busy".utf8)).hex])
        try busy.write(Array("sy".utf8))
        try busy.commit()
    }

    @Test("layer collection removes layer dirs no image or container needs and stale tmp- leftovers, keeping other entries")
    func layers() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let record = try storeFakeImage(store, layers: ["one", "two"], reference: "app:1")
        // A stand-in chainID function: the diff ids themselves.
        let needed = try ImageGarbageCollector(images: store).neededLayers { $0 }
        let diffIDs = try store.config(of: record).rootfs.diffIDs
        #expect(needed == Set(diffIDs.map(\.hex)))
        let unused = String(repeating: "e", count: 64)
        let containerLayer = String(repeating: "d", count: 64)
        for name in diffIDs.map(\.hex) + [unused, containerLayer, "tmp-123", "l"] {
            try FileManager.default.createDirectory(atPath: "\(dir.path)/layers/\(name)/fs", withIntermediateDirectories: true)
        }
        let fresh = try ImageGarbageCollector(images: store)
            .collectLayers(in: "\(dir.path)/layers", chainIDs: { $0 }, keep: [containerLayer])
        #expect(fresh.layersRemoved == [unused])
        try store.untag(reference("app:1"))
        let stale = try ImageGarbageCollector(images: store, staleAfter: 0)
            .collect(layers: "\(dir.path)/layers", chainIDs: { $0 }, keep: [containerLayer])
        #expect(stale.layersRemoved == diffIDs.map(\.hex).sorted() + ["tmp-123"])
        #expect(stale.blobsRemoved.count == 4)
        #expect(dir.contents("layers") == [containerLayer, "l"])
    }

    @Test("prune removes dangling images, or with all every unused image, never those in use")
    func prune() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let danglingUsed = try storeFakeImage(store, layers: ["d1"], reference: nil)
        let dangling = try storeFakeImage(store, layers: ["d2"], reference: nil)
        let used = try storeFakeImage(store, layers: ["u"], reference: "used:1")
        let unused = try storeFakeImage(store, layers: ["n"], reference: "unused:1")
        let inUse: Set<Digest> = [danglingUsed.configDigest, used.configDigest]
        #expect(try store.prune(all: false, inUse: inUse).map(\.configDigest) == [dangling.configDigest])
        #expect(try store.prune(all: true, inUse: inUse).map(\.configDigest) == [unused.configDigest])
        #expect(Set(try store.records().map(\.configDigest)) == inUse)
    }
}
