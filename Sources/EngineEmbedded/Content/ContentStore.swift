import EngineAPI
import Foundation

/// Content-addressed blobs on disk: `<root>/blobs/<alg>/<hex>`, with in-flight downloads under
/// `<root>/ingest/<hex>/`. A blob file only ever appears, complete and verified, by rename; so its presence
/// means it is good, and a crash leaves at most an ingest directory (resumed later, or collected).
public struct ContentStore: Sendable {
    public let root: String

    /// `root` is `<state>/content`.
    public init(root: String) {
        self.root = root
    }

    var blobsDirectory: String { "\(root)/blobs" }
    var ingestDirectory: String { "\(root)/ingest" }

    public func path(of digest: Digest) -> String { "\(blobsDirectory)/\(digest.algorithm)/\(digest.hex)" }

    func ingestPath(of digest: Digest) -> String { "\(ingestDirectory)/\(digest.hex)" }

    public func contains(_ digest: Digest) -> Bool { FileSystem.fileSize(path(of: digest)) != nil }

    public func size(of digest: Digest) -> Int64? { FileSystem.fileSize(path(of: digest)) }

    /// Reads a whole blob (manifests, configs, indexes) and re-verifies its digest, which is cheap at these
    /// sizes and catches on-disk corruption; a corrupt blob is removed so that the next pull fetches it again.
    public func data(of digest: Digest) throws(EngineError) -> [UInt8] {
        let file = path(of: digest)
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readAll(file)
        } catch {
            if error.code == .notFound {
                throw EngineError(.notFound, "blob \(digest): not in the content store")
            }
            throw error
        }
        let actual = try BlobHasher.digest(of: bytes, algorithm: digest.algorithm)
        guard actual == digest else {
            unlink(file)
            throw EngineError(.internalError,
                              "blob \(digest): corrupt on disk (content hashes to \(actual)); removed, pull again")
        }
        return bytes
    }

    /// Stores `bytes` atomically; a no-op when the blob exists. With `expected`, refuses other content.
    @discardableResult
    public func put(_ bytes: [UInt8], expected: Digest? = nil) throws(EngineError) -> Digest {
        let digest = try BlobHasher.digest(of: bytes, algorithm: expected?.algorithm ?? "sha256")
        if let expected, expected != digest {
            throw EngineError(.invalidArgument,
                              "blob \(expected): digest mismatch: expected \(expected), got \(digest) (\(bytes.count) bytes)")
        }
        if size(of: digest) == Int64(bytes.count) { return digest }
        // Concurrent writers of the same content each rename a complete file over the other: harmless.
        try AtomicFile.write(bytes, to: path(of: digest))
        return digest
    }

    /// Opens the ingest of `expected`, resuming data an interrupted earlier ingest left (its `offset`).
    /// Throws `.unavailable` (transient: retry later) while another writer, in this or another process,
    /// holds it. When the blob is already stored, the ingest is complete: `offset` is its size and
    /// `commit()` just returns its path.
    public func ingest(expected: Digest, size: Int64?) throws(EngineError) -> ContentIngest {
        guard BlobHasher(algorithm: expected.algorithm) != nil else {
            throw EngineError(.unsupported, "blob \(expected): digest algorithm \(expected.algorithm) is not supported")
        }
        if let size, size < 0 {
            throw EngineError(.invalidArgument, "blob \(expected): negative size \(size)")
        }
        let directory = ingestPath(of: expected)
        guard let lock = try StoreLock.tryAcquire("\(directory)/lock") else {
            throw EngineError(.unavailable, "blob \(expected): another writer is ingesting it")
        }
        return try ContentIngest(store: self, expected: expected, size: size, directory: directory, lock: lock)
    }

    /// Removes a blob; absent is fine.
    public func remove(_ digest: Digest) throws(EngineError) {
        let file = path(of: digest)
        if unlink(file) != 0 && errno != ENOENT { throw FileSystem.error("remove blob", file) }
    }

    /// Every stored blob (temp files of in-progress puts are skipped).
    public func allDigests() throws(EngineError) -> [Digest] {
        var digests = [Digest]()
        for algorithm in try FileSystem.list(blobsDirectory).sorted() {
            for name in try FileSystem.list("\(blobsDirectory)/\(algorithm)") {
                if let digest = Digest(parsing: "\(algorithm):\(name)") { digests.append(digest) }
            }
        }
        return digests.sorted()
    }
}
