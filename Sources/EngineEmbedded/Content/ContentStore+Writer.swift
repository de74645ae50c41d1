import EngineAPI
import Foundation

extension ContentStore {
    /// A writer for content whose digest is known only at the end (a layer inside a docker-save archive).
    public func writer() throws(EngineError) -> ContentWriter {
        try ContentWriter(store: self, directory: "\(ingestDirectory)/tmp-\(UUID().uuidString.lowercased())")
    }
}

/// Streams bytes into a private ingest directory (locked, so GC leaves it alone), hashing as it goes;
/// `commit` moves the file into the store under the digest it turned out to have.
public final class ContentWriter: @unchecked Sendable {
    private let store: ContentStore
    private let directory: String
    private let dataPath: String
    private let state = NSLock()
    private var lock: StoreLock?
    private var fd: Int32
    private var hasher = DigestHasher()
    private var written: Int64 = 0

    init(store: ContentStore, directory: String) throws(EngineError) {
        self.store = store
        self.directory = directory
        dataPath = "\(directory)/data"
        lock = try StoreLock.acquire("\(directory)/lock")
        fd = open(dataPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let error = FileSystem.error("create", dataPath)
            try? FileSystem.remove(directory)
            lock?.unlock()
            throw error
        }
    }

    deinit { discard() }

    public var size: Int64 {
        state.lock()
        defer { state.unlock() }
        return written
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) {
        state.lock()
        defer { state.unlock() }
        guard fd >= 0 else { throw EngineError(.invalidArgument, "content writer \(directory): already finished") }
        try FileSystem.writeAll(fd, bytes, path: dataPath)
        hasher.update(bytes)
        written += Int64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws(EngineError) {
        var failure: EngineError?
        bytes.withUnsafeBytes { buffer in
            do throws(EngineError) {
                try write(buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Stores the data under its sha256 digest; with `expected`, refuses (and discards) other content.
    @discardableResult
    public func commit(expected: Digest? = nil) throws(EngineError) -> (digest: Digest, size: Int64) {
        state.lock()
        defer { state.unlock() }
        guard fd >= 0 else { throw EngineError(.invalidArgument, "content writer \(directory): already finished") }
        let digest = hasher.finalize()
        if let expected, expected != digest {
            finishLocked()
            throw EngineError(.invalidArgument,
                              "blob \(expected): digest mismatch: expected \(expected), got \(digest) (\(written) bytes); data discarded")
        }
        guard fsync(fd) == 0 else {
            let error = FileSystem.error("fsync", dataPath)
            finishLocked()
            throw error
        }
        let blob = store.path(of: digest)
        if !store.contains(digest) {
            let blobDirectory = (blob as NSString).deletingLastPathComponent
            do throws(EngineError) {
                try FileSystem.makeDirectories(blobDirectory)
                guard rename(dataPath, blob) == 0 else { throw FileSystem.error("rename to \(blob)", dataPath) }
            } catch {
                finishLocked()
                throw error
            }
            FileSystem.syncDirectory(blobDirectory)
        }
        finishLocked()
        return (digest, written)
    }

    /// Drops the data. Idempotent.
    public func discard() {
        state.lock()
        defer { state.unlock() }
        finishLocked()
    }

    private func finishLocked() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if let lock {
            try? FileSystem.remove(directory)
            lock.unlock()
            self.lock = nil
        }
    }
}
