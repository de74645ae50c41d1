import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// Runs a tool; returns its stdout, throwing with stderr when it fails.
@discardableResult
func runTool(_ arguments: [String], in directory: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw EngineError(.internalError, "\(arguments.joined(separator: " ")) failed", cause: String(decoding: err, as: UTF8.self))
    }
    return String(decoding: out, as: UTF8.self)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func json<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Array(try encoder.encode(value))
}

@Suite("Image archives: docker save and OCI layouts, load and save")
struct ArchiveTests {
    let layerA = Array(repeating: UInt8(0x41), count: 3000)
    let layerB = Array(repeating: UInt8(0x42), count: 2000)

    /// A legacy docker-save tree: two layer files and a third layer entry that is a symlink to the first.
    func legacyTree(_ root: String, diffIDs: [Digest]? = nil) throws -> Digest {
        let a = Digest.sha256(of: layerA)
        let b = Digest.sha256(of: layerB)
        let config = OCIImageConfig(architecture: "amd64", os: "linux", rootfs: .init(diffIDs: diffIDs ?? [a, b, a]))
        let configBytes = try json(config)
        let id = Digest.sha256(of: configBytes)
        try writeFile("\(root)/\(id.hex).json", configBytes)
        try writeFile("\(root)/1111/layer.tar", layerA)
        try writeFile("\(root)/1111/json", Array("{}".utf8))
        try writeFile("\(root)/1111/VERSION", Array("1.0".utf8))
        try writeFile("\(root)/2222/layer.tar", layerB)
        try FileManager.default.createDirectory(atPath: "\(root)/3333", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/3333/layer.tar", withDestinationPath: "../1111/layer.tar")
        try writeFile("\(root)/repositories", Array("{}".utf8))
        try writeFile("\(root)/manifest.json", Array("""
        [{"Config":"\(id.hex).json","RepoTags":["app:1","localhost:5000/team/app:2"],
          "Layers":["1111/layer.tar","2222/layer.tar","3333/layer.tar"]}]
        """.utf8))
        return id
    }

    @Test("a legacy docker-save tar (symlinked layer) loads with a synthesised OCI manifest under every RepoTag")
    func legacyDockerSave() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let id = try legacyTree("\(dir.path)/tree")
        try runTool(["tar", "-cf", "\(dir.path)/saved.tar", "-C", "\(dir.path)/tree", "."])
        let store = ImageStore(root: "\(dir.path)/state")
        let loaded = try ImageArchiveLoader(images: store).load(path: "\(dir.path)/saved.tar")
        #expect(loaded.map { $0.reference?.description } == ["docker.io/library/app:1", "localhost:5000/team/app:2"])
        #expect(loaded.map(\.id) == [id, id])
        let record = try #require(try store.record(for: reference("app:1")))
        let manifest = try #require(try store.manifest(of: record))
        #expect(manifest.mediaType == OCIMediaType.ociManifest)
        #expect(manifest.layers.map(\.mediaType) == Array(repeating: OCIMediaType.ociLayer, count: 3))
        #expect(manifest.layers.map(\.digest) == [Digest.sha256(of: layerA), Digest.sha256(of: layerB), Digest.sha256(of: layerA)])
        #expect(manifest.layers.map(\.size) == [3000, 2000, 3000])
        #expect(try store.content.data(of: Digest.sha256(of: layerB)) == layerB)
        #expect(try store.record(for: reference("localhost:5000/team/app:2"))?.manifestDigest == record.manifestDigest)
        #expect(dir.contents("state/content/ingest") == [])
        #expect(dir.contents("state/tmp") == [])
        // The same images again: idempotent; `tag` renames the single image.
        #expect(try ImageArchiveLoader(images: store).load(path: "\(dir.path)/tree").map(\.id) == [id, id])
        #expect(try store.records().count == 2)
        let renamed = try ImageArchiveLoader(images: store).load(path: "\(dir.path)/tree", tag: reference("renamed:3"))
        #expect(renamed == [.init(reference: try reference("renamed:3"), id: id)])
        #expect(try store.records().count == 3)
    }

    @Test("a gzip-compressed docker-save archive (docker save | gzip) and a hardlinked layer load too")
    func compressedDockerSave() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let id = try legacyTree("\(dir.path)/tree")
        try FileManager.default.removeItem(atPath: "\(dir.path)/tree/3333/layer.tar")
        try FileManager.default.linkItem(atPath: "\(dir.path)/tree/1111/layer.tar", toPath: "\(dir.path)/tree/3333/layer.tar")
        try runTool(["tar", "-czf", "\(dir.path)/saved.tar.gz", "-C", "\(dir.path)/tree", "."])
        try runTool(["tar", "-cf", "\(dir.path)/saved.tar", "-C", "\(dir.path)/tree", "."])
        #expect(try runTool(["tar", "-tvf", "\(dir.path)/saved.tar"]).contains("/layer.tar link to ./"))
        for archive in ["saved.tar.gz", "saved.tar"] {
            let store = ImageStore(root: "\(dir.path)/state-\(archive)")
            let loaded = try ImageArchiveLoader(images: store).load(path: "\(dir.path)/\(archive)")
            #expect(loaded.map(\.id) == [id, id])
            let record = try #require(try store.record(id: id.description))
            let manifest = try #require(try store.manifest(of: record))
            #expect(manifest.layers.map(\.digest) == [Digest.sha256(of: layerA), Digest.sha256(of: layerB), Digest.sha256(of: layerA)])
        }
    }

    @Test("a docker-save layer whose digest is not the config's diff id is refused, naming both")
    func diffIDMismatch() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let wrong = try #require(Digest(parsing: "sha256:" + String(repeating: "c", count: 64)))
        _ = try legacyTree("\(dir.path)/tree", diffIDs: [Digest.sha256(of: layerA), wrong, Digest.sha256(of: layerA)])
        let store = ImageStore(root: "\(dir.path)/state")
        let error = #expect(throws: EngineError.self) { try ImageArchiveLoader(images: store).load(path: "\(dir.path)/tree") }
        #expect(error?.message == "load \(dir.path)/tree: layer 2222/layer.tar is \(Digest.sha256(of: layerB)) but the config's diff id is \(wrong)")
        #expect(try store.records() == [])
    }

    /// An OCI layout whose index.json lists a plain manifest ("plain") and a two-platform index ("multi").
    func layout(_ root: String) throws -> (plain: Digest, amd64Config: Digest, arm64Config: Digest) {
        func blob(_ bytes: [UInt8]) throws -> OCIDescriptor {
            let digest = Digest.sha256(of: bytes)
            try writeFile("\(root)/blobs/sha256/\(digest.hex)", bytes)
            return OCIDescriptor(mediaType: "", digest: digest, size: Int64(bytes.count))
        }
        var layer = try blob(layerA)
        layer.mediaType = OCIMediaType.ociLayer
        func image(_ arch: String) throws -> (manifest: OCIDescriptor, config: Digest) {
            var config = try blob(json(OCIImageConfig(architecture: arch, os: "linux", rootfs: .init(diffIDs: [layer.digest]))))
            config.mediaType = OCIMediaType.ociConfig
            var manifest = try blob(json(OCIManifest(config: config, layers: [layer])))
            manifest.mediaType = OCIMediaType.ociManifest
            manifest.platform = OCIPlatform(os: "linux", architecture: arch)
            return (manifest, config.digest)
        }
        let amd64 = try image("amd64")
        let arm64 = try image("arm64")
        var multi = try blob(json(OCIIndex(manifests: [amd64.manifest, arm64.manifest])))
        multi.mediaType = OCIMediaType.ociIndex
        multi.annotations = ["org.opencontainers.image.ref.name": "multi"]
        var plain = amd64.manifest
        plain.platform = nil
        plain.annotations = ["org.opencontainers.image.ref.name": "plain"]
        try writeFile("\(root)/index.json", try json(OCIIndex(manifests: [plain, multi])))
        try writeFile("\(root)/oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        return (plain.digest, amd64.config, arm64.config)
    }

    @Test("an OCI layout entry is chosen by ref name and an index resolved by platform; unknown names are listed")
    func layoutSelection() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let fixture = try layout("\(dir.path)/layout")
        let store = ImageStore(root: "\(dir.path)/state")
        let arm = ImageArchiveLoader(images: store, platform: OCIPlatform(os: "linux", architecture: "arm64"))
        let loaded = try arm.load(path: "\(dir.path)/layout", select: "multi", tag: reference("example.com/multi:2"))
        #expect(loaded == [.init(reference: try reference("example.com/multi:2"), id: fixture.arm64Config)])
        #expect(try store.record(for: reference("example.com/multi:2"))?.manifestMediaType == OCIMediaType.ociIndex)
        let all = try ImageArchiveLoader(images: store, platform: OCIPlatform(os: "linux", architecture: "amd64"))
            .load(path: "\(dir.path)/layout")
        #expect(all.map { $0.reference?.description } == ["docker.io/library/plain:latest", "docker.io/library/multi:latest"])
        #expect(all.map(\.id) == [fixture.amd64Config, fixture.amd64Config])
        #expect(try store.record(for: reference("plain"))?.manifestDigest == fixture.plain)
        let error = #expect(throws: EngineError.self) { try arm.load(path: "\(dir.path)/layout", select: "nope") }
        #expect(error?.code == .notFound)
        #expect(error?.message == "load \(dir.path)/layout: no image named nope (it has: multi, plain)")
    }

    @Test("a corrupted blob in a layout is refused with the digest error and leaves no ingest behind")
    func corruptLayout() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        _ = try layout("\(dir.path)/layout")
        let target = "\(dir.path)/layout/blobs/sha256/\(Digest.sha256(of: layerA).hex)"
        var bytes = layerA
        bytes[100] ^= 0xff
        try writeFile(target, bytes)
        let store = ImageStore(root: "\(dir.path)/state")
        let error = #expect(throws: EngineError.self) { try ImageArchiveLoader(images: store).load(path: "\(dir.path)/layout") }
        let digest = Digest.sha256(of: layerA)
        #expect(error?.message == "load \(dir.path)/layout: blobs/sha256/\(digest.hex): blob \(digest): digest mismatch: expected \(digest), got \(Digest.sha256(of: bytes)) (3000 bytes); data discarded")
        #expect(dir.contents("state/content/ingest") == [])
        #expect(!store.content.contains(digest))
    }

    @Test("save writes a Docker ≥ 25 style tar (manifest.json into an OCI layout) that loads back to the same images")
    func saveRoundTrip() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        _ = try legacyTree("\(dir.path)/tree")
        let source = ImageStore(root: "\(dir.path)/one")
        try ImageArchiveLoader(images: source).load(path: "\(dir.path)/tree")
        let records = try source.records()
        try ImageArchiveSaver(images: source).save(records, to: "\(dir.path)/out.tar")
        let listing = try runTool(["tar", "-tf", "\(dir.path)/out.tar"]).split(separator: "\n").map(String.init)
        let manifestDigest = try #require(records.first?.manifestDigest)
        #expect(Set(listing) == Set(["oci-layout", "blobs/", "blobs/sha256/", "index.json", "manifest.json"]
            + [records[0].configDigest, manifestDigest, Digest.sha256(of: layerA), Digest.sha256(of: layerB)].map { "blobs/sha256/\($0.hex)" }))
        let manifestJSON = try runTool(["tar", "-xOf", "\(dir.path)/out.tar", "manifest.json"])
        let id = records[0].configDigest.hex
        let a = Digest.sha256(of: layerA).hex
        #expect(manifestJSON == #"[{"Config":"blobs/sha256/\#(id)","Layers":["blobs/sha256/\#(a)","blobs/sha256/\#(Digest.sha256(of: layerB).hex)","blobs/sha256/\#(a)"],"RepoTags":["app:1","localhost:5000/team/app:2"]}]"#)
        let target = ImageStore(root: "\(dir.path)/two")
        let loaded = try ImageArchiveLoader(images: target).load(path: "\(dir.path)/out.tar")
        #expect(loaded.map { $0.reference?.description } == ["docker.io/library/app:1", "localhost:5000/team/app:2"])
        // The archive's own OCI manifest is kept, so the repo digest survives the round trip.
        func summary(_ store: ImageStore) throws -> [String] {
            try store.records().map { "\($0.name) \($0.manifestDigest?.description ?? "-") \($0.configDigest)" }
        }
        #expect(try summary(target) == summary(source))
    }
}
