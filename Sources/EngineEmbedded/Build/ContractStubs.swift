import EngineAPI
import Foundation

// TEMPORARY: minimal working versions of the store and layers helpers' types as HELPERS5.md specifies
// them, so the builder can be exercised before their branches are merged. Deleted when main has the real
// ones.

public struct ContentStore: Sendable {
    let root: String
    public init(root: String) { self.root = root }
    public func contains(_ digest: Digest) -> Bool { FileManager.default.fileExists(atPath: path(of: digest)) }
    public func path(of digest: Digest) -> String { "\(root)/blobs/sha256/\(digest.hex)" }
    public func size(of digest: Digest) -> Int64? { nil }
    public func data(of digest: Digest) throws(EngineError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(of: digest)) else { throw stub() }
        return Array(data)
    }
    @discardableResult
    public func put(_ bytes: [UInt8], expected: Digest? = nil) throws(EngineError) -> Digest {
        let digest = Digest.sha256(of: bytes)
        try? FileManager.default.createDirectory(atPath: "\(root)/blobs/sha256", withIntermediateDirectories: true)
        guard (try? Data(bytes).write(to: URL(fileURLWithPath: path(of: digest)))) != nil else { throw stub() }
        return digest
    }
    public func ingest(expected: Digest, size: Int64?) throws(EngineError) -> ContentIngest {
        ContentIngest(path: path(of: expected), store: self)
    }
}

public final class ContentIngest {
    let path: String
    let store: ContentStore
    var buffer: [UInt8] = []
    init(path: String, store: ContentStore) {
        self.path = path
        self.store = store
    }
    public var offset: Int64 { 0 }
    public func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) { buffer += bytes }
    public func write(_ bytes: [UInt8]) throws(EngineError) { buffer += bytes }
    @discardableResult public func commit() throws(EngineError) -> String {
        try store.put(buffer)
        return path
    }
    public func discard() {}
}

public struct ImageRecord: Sendable, Hashable, Codable {
    public var name: String
    public var manifestDigest: Digest?
    public var manifestMediaType: String?
    public var configDigest: Digest
    public var createdAt: String
}

public struct ImageStore: Sendable {
    let root: String
    public init(root: String) { self.root = root }
    public var content: ContentStore { ContentStore(root: root + "/content") }
    func all() -> [String: ImageRecord] {
        guard let data = FileManager.default.contents(atPath: root + "/images.json") else { return [:] }
        return (try? JSONDecoder().decode([String: ImageRecord].self, from: data)) ?? [:]
    }
    public func record(for reference: ImageReference) throws(EngineError) -> ImageRecord? { all()[reference.description] }
    public func tag(_ reference: ImageReference, _ record: ImageRecord) throws(EngineError) {
        var records = all()
        records[reference.description] = record
        guard let data = try? JSONEncoder().encode(records), (try? data.write(to: URL(fileURLWithPath: root + "/images.json"))) != nil else {
            throw stub()
        }
    }
    public func config(of record: ImageRecord) throws(EngineError) -> OCIImageConfig {
        guard let config = try? JSONDecoder().decode(OCIImageConfig.self, from: Data(content.data(of: record.configDigest))) else { throw stub() }
        return config
    }
    public func manifest(of record: ImageRecord) throws(EngineError) -> OCIManifest? {
        guard let digest = record.manifestDigest else { return nil }
        return try? JSONDecoder().decode(OCIManifest.self, from: Data(content.data(of: digest)))
    }
}

public struct LayerStore: Sendable {
    let root: String
    public init(root: String) { self.root = root + "/layers" }
    public static func chainIDs(_ diffIDs: [Digest]) -> [Digest] {
        var chain: [Digest] = []
        for diffID in diffIDs {
            chain.append(chain.last.map { Digest.sha256(of: Array("\($0) \(diffID)".utf8)) } ?? diffID)
        }
        return chain
    }
    public func contains(_ chainID: Digest) -> Bool { FileManager.default.fileExists(atPath: directory(of: chainID)) }
    public func directory(of chainID: Digest) -> String { "\(root)/\(chainID.hex)/fs" }
    public func unpack(blob path: String, diffID: Digest, parent: Digest?) throws(EngineError) -> Digest {
        let chainID = parent.map { Digest.sha256(of: Array("\($0) \(diffID)".utf8)) } ?? diffID
        if contains(chainID) { return chainID }
        try? FileManager.default.createDirectory(atPath: directory(of: chainID), withIntermediateDirectories: true)
        guard case .success(let outcome) = BuildProcess.runBlocking("/usr/bin/tar", ["-xzf", path, "-C", directory(of: chainID), "--numeric-owner", "--same-owner", "-p"], onLine: { _ in }),
              outcome.status == 0 else { throw stub() }
        return chainID
    }
    public func diff(upper: String, to output: String) throws(EngineError) -> (diffID: Digest, digest: Digest, size: Int64) {
        let plain = output + ".tar"
        guard case .success(let tar) = BuildProcess.runBlocking("/usr/bin/tar", ["--sort=name", "--mtime=@0", "-cf", plain, "-C", upper, "."], onLine: { _ in }),
              tar.status == 0,
              case .success(let gzip) = BuildProcess.runBlocking("/bin/sh", ["-c", "gzip -n < '\(plain)' > '\(output)'"], onLine: { _ in }),
              gzip.status == 0,
              let plainData = FileManager.default.contents(atPath: plain), let gzipData = FileManager.default.contents(atPath: output) else {
            throw stub()
        }
        return (Digest.sha256(of: Array(plainData)), Digest.sha256(of: Array(gzipData)), Int64(gzipData.count))
    }
}

private func stub() -> EngineError { EngineError(.unsupported, "stub store failure") }
