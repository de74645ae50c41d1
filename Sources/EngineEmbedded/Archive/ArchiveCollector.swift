import EngineAPI
import Foundation

/// Receives an archive's entries one by one (from a tar stream or a directory walk) and stores them:
/// `blobs/<alg>/<hex>` files are ingested and verified against their names; metadata files are kept in
/// memory; every other file is stored under the digest it has (a docker-save `layer.tar`, a config).
struct ArchiveCollector {
    let store: ContentStore
    let source: String
    private(set) var contents = ArchiveContents()

    init(store: ContentStore, source: String) {
        self.store = store
        self.source = source
    }

    /// Legacy docker-save files that say nothing we need.
    private static func isIgnored(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return (name == "json" || name == "VERSION") && path.contains("/")
    }

    mutating func addLink(path: String, target: String, symbolic: Bool) {
        guard let normalised = ArchiveContents.normalise(path), !normalised.isEmpty,
              let resolved = ArchiveContents.linkTarget(of: normalised, target: target, symbolic: symbolic) else { return }
        contents.links[normalised] = resolved
    }

    /// `read` returns the next chunk of the file, nil at its end.
    mutating func addFile(path: String, size: Int64, read: () throws -> ArraySlice<UInt8>?) throws(EngineError) {
        guard let normalised = ArchiveContents.normalise(path), !normalised.isEmpty, !Self.isIgnored(normalised) else { return }
        do {
            if ArchiveContents.metadataNames.contains(normalised) {
                guard size <= 16 << 20 else {
                    throw EngineError(.invalidArgument, "load \(source): \(normalised) is too large (\(size) bytes)")
                }
                var bytes = [UInt8]()
                while let chunk = try read() { bytes.append(contentsOf: chunk) }
                contents.metadata[normalised] = bytes
            } else if let digest = Self.blobDigest(normalised) {
                try ingest(normalised, digest: digest, size: size, read: read)
                contents.files[normalised] = .init(digest: digest, size: size)
            } else {
                let writer = try store.writer()
                while let chunk = try read() {
                    try FileSystem.withBytes(chunk) { (buffer) throws(EngineError) in try writer.write(buffer) }
                }
                let stored = try writer.commit()
                contents.files[normalised] = .init(digest: stored.digest, size: stored.size)
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.invalidArgument, "load \(source): reading \(normalised) failed", cause: "\(error)")
        }
    }

    /// The digest an OCI layout path names (`blobs/sha256/<hex>`).
    static func blobDigest(_ path: String) -> Digest? {
        let parts = path.split(separator: "/")
        guard parts.count == 3, parts[0] == "blobs" else { return nil }
        return Digest(parsing: "\(parts[1]):\(parts[2])")
    }

    private func ingest(_ path: String, digest: Digest, size: Int64, read: () throws -> ArraySlice<UInt8>?) throws {
        let ingest = try openIngest(digest, size: size)
        var skip = ingest.offset
        if store.contains(digest) {
            while try read() != nil {}
            try ingest.commit()
            return
        }
        do {
            while let chunk = try read() {
                var piece = chunk
                if skip > 0 {
                    let dropped = Int(min(skip, Int64(piece.count)))
                    piece = piece.dropFirst(dropped)
                    skip -= Int64(dropped)
                }
                if !piece.isEmpty {
                    try FileSystem.withBytes(piece) { (buffer) throws(EngineError) in try ingest.write(buffer) }
                }
            }
            try ingest.commit()
        } catch var error as EngineError {
            error.message = "load \(source): \(path): \(error.message)"
            throw error
        }
    }

    /// Another process may be storing the same blob right now: wait for it briefly.
    private func openIngest(_ digest: Digest, size: Int64) throws(EngineError) -> ContentIngest {
        var attempts = 0
        while true {
            do {
                return try store.ingest(expected: digest, size: size)
            } catch {
                attempts += 1
                guard error.code == .unavailable, attempts < 600 else { throw error }
                usleep(100_000)
            }
        }
    }
}
