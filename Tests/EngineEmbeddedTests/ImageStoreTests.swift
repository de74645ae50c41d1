import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// Stores a small fake image (layer blobs are arbitrary bytes) and returns its record.
func storeFakeImage(_ store: ImageStore, layers: [String], reference: String?) throws -> ImageRecord {
    var descriptors = [OCIDescriptor]()
    var diffIDs = [Digest]()
    for layer in layers {
        let bytes = Array(layer.utf8)
        let digest = try store.content.put(bytes)
        descriptors.append(OCIDescriptor(mediaType: OCIMediaType.ociLayer, digest: digest, size: Int64(bytes.count)))
        diffIDs.append(digest)
    }
    let config = OCIImageConfig(architecture: "amd64", os: "linux", rootfs: .init(diffIDs: diffIDs))
    return try store.add(config: config, layers: descriptors, reference: reference.flatMap(ImageReference.init(parsing:)))
}

func reference(_ text: String) throws -> ImageReference { try #require(ImageReference(parsing: text)) }

@Suite("Image store: names, ids, documents")
struct ImageStoreTests {
    @Test("records survive a reload from images.json, keyed by canonical reference")
    func reload() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let record = try storeFakeImage(ImageStore(root: dir.path), layers: ["a", "b"], reference: "busybox:1")
        #expect(record.name == "docker.io/library/busybox:1")
        #expect(dir.exists("images.json"))
        #expect(dir.exists("locks/images.lock"))
        let reloaded = ImageStore(root: dir.path)
        #expect(try reloaded.records() == [record])
        #expect(try reloaded.record(for: reference("docker.io/library/busybox:1")) == record)
        #expect(try reloaded.record(for: reference("busybox")) == nil)
        let manifest = try #require(try reloaded.manifest(of: record))
        #expect(manifest.config.digest == record.configDigest)
        #expect(manifest.layers.map(\.digest) == [Digest.sha256(of: Array("a".utf8)), Digest.sha256(of: Array("b".utf8))])
        #expect(try reloaded.config(of: record).rootfs.diffIDs == manifest.layers.map(\.digest))
        #expect(record.manifestMediaType == OCIMediaType.ociManifest)
    }

    @Test("a digest reference finds the record of that repository whose repo digest it is")
    func digestReference() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let record = try storeFakeImage(store, layers: ["a"], reference: "localhost:5000/app:v1")
        let digest = try #require(record.manifestDigest)
        #expect(try store.record(for: reference("localhost:5000/app@\(digest)"))?.configDigest == record.configDigest)
        #expect(try store.record(for: reference("localhost:5000/other@\(digest)")) == nil)
    }

    @Test("record(id:) takes a full id, sha256: prefixes and bare hex prefixes; ambiguity is an error naming both")
    func idPrefixes() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        var records = [ImageRecord]()
        var layer = 0
        // Make two images whose ids share a first hex digit, to have an ambiguous prefix.
        while records.count < 2 || records[0].configDigest.hex.first != records[1].configDigest.hex.first {
            layer += 1
            let record = try storeFakeImage(store, layers: ["layer \(layer)"], reference: "app:\(layer)")
            if records.count < 2 { records.append(record) } else if record.configDigest.hex.first == records[0].configDigest.hex.first {
                records[1] = record
            }
        }
        let first = records[0].configDigest
        #expect(try store.record(id: first.description)?.configDigest == first)
        #expect(try store.record(id: String(first.hex.prefix(12)))?.configDigest == first)
        #expect(try store.record(id: "sha256:" + String(first.hex.prefix(12)))?.configDigest == first)
        #expect(try store.record(id: "zz") == nil)
        #expect(try store.record(id: "") == nil)
        let shared = String(first.hex.prefix(1))
        let error = #expect(throws: EngineError.self) { try store.record(id: shared) }
        #expect(error?.code == .invalidArgument)
        let ids = [records[0].configDigest, records[1].configDigest].sorted().map(\.description).joined(separator: ", ")
        #expect(error?.message == "image id \(shared) is ambiguous: it matches \(ids)")
    }

    @Test("retagging leaves the old image dangling; untag removes the name; remove(id:) removes every record")
    func tagging() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let old = try storeFakeImage(store, layers: ["old"], reference: "app:latest")
        let new = try storeFakeImage(store, layers: ["new"], reference: "app:latest")
        let all = try store.records()
        #expect(all.map(\.name) == ["docker.io/library/app:latest", "<none>"])
        #expect(all.map(\.configDigest) == [new.configDigest, old.configDigest])
        #expect(try store.record(id: old.id)?.isDangling == true)
        try store.tag(reference("app:old"), old)
        #expect(try store.records().map(\.name) == ["docker.io/library/app:latest", "docker.io/library/app:old"])
        try store.tag(reference("app:v2"), new)
        #expect(try store.untag(reference("app:old"))?.configDigest == old.configDigest)
        #expect(try store.records().map(\.configDigest) == [new.configDigest, new.configDigest])
        #expect(try store.untag(reference("app:old")) == nil)
        try store.untag(reference("app:v2"), keepDangling: true)
        try store.untag(reference("app:latest"), keepDangling: true)
        #expect(try store.records().map(\.name) == ["<none>"])
        #expect(try store.remove(id: new.configDigest).count == 1)
        #expect(try store.records() == [])
    }

    @Test("add(manifest:) resolves an index by platform and keeps the index as the repo digest")
    func addIndex() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let built = try storeFakeImage(store, layers: ["x"], reference: nil)
        let manifestDigest = try #require(built.manifestDigest)
        let manifestSize = try #require(store.content.size(of: manifestDigest))
        let index = OCIIndex(manifests: [
            OCIDescriptor(mediaType: OCIMediaType.ociManifest, digest: manifestDigest, size: manifestSize,
                          platform: OCIPlatform(os: "linux", architecture: "amd64")),
            OCIDescriptor(mediaType: OCIMediaType.ociManifest, digest: manifestDigest, size: manifestSize,
                          platform: OCIPlatform(os: "linux", architecture: "arm64", variant: "v8")),
        ])
        let bytes = Array(try JSONEncoder().encode(index))
        let record = try store.add(manifest: bytes, reference: reference("multi:1"), platform: OCIPlatform(os: "linux", architecture: "amd64"))
        #expect(record.manifestDigest == Digest.sha256(of: bytes))
        #expect(record.manifestMediaType == OCIMediaType.ociIndex)
        #expect(record.configDigest == built.configDigest)
        #expect(try store.manifest(of: record)?.config.digest == built.configDigest)
        let missing = #expect(throws: EngineError.self) {
            try store.add(manifest: bytes, reference: nil, platform: OCIPlatform(os: "linux", architecture: "s390x"))
        }
        #expect(missing?.code == .notFound)
        // The dangling build record gave way to the name.
        #expect(try store.records().map(\.name) == ["docker.io/library/multi:1"])
    }

    @Test("concurrent tags from many tasks all land in images.json")
    func concurrentTags() async throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ImageStore(root: dir.path)
        let record = try storeFakeImage(store, layers: ["a"], reference: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask { try store.tag(try reference("app:\(index)"), record) }
            }
            try await group.waitForAll()
        }
        #expect(try ImageStore(root: dir.path).records().count == 12)
    }
}
