import EngineAPI
import Foundation

/// One blob being written into the content store (a layer download, an archive entry). It holds the flock
/// on its ingest directory, so no other writer appends to the same data; after a crash the next ingest of
/// the digest resumes from the data already there. Thread-safe, but meant for one writer at a time.
public final class ContentIngest: @unchecked Sendable {
    public let expected: Digest
    public let expectedSize: Int64?
    private let store: ContentStore
    private let directory: String
    private let dataPath: String
    private let state = NSLock()
    private var lock: StoreLock?
    private var fd: Int32 = -1
    private var written: Int64 = 0
    private var hasher: BlobHasher
    private var finished = false
    private var alreadyStored = false

    init(store: ContentStore, expected: Digest, size: Int64?, directory: String, lock: StoreLock) throws(EngineError) {
        self.store = store
        self.expected = expected
        self.expectedSize = size
        self.directory = directory
        self.dataPath = "\(directory)/data"
        self.lock = lock
        guard let hasher = BlobHasher(algorithm: expected.algorithm) else {
            throw EngineError(.unsupported, "blob \(expected): digest algorithm \(expected.algorithm) is not supported")
        }
        self.hasher = hasher
        if let stored = store.size(of: expected) {
            // Someone else finished it while we were not looking: nothing to write.
            alreadyStored = true
            written = stored
            try? FileSystem.remove(dataPath)
            return
        }
        try openData()
    }

    deinit {
        if fd >= 0 { close(fd) }
        lock?.unlock()
    }

    /// Bytes already written, including data resumed from an interrupted ingest: continue the download from here.
    public var offset: Int64 {
        state.lock()
        defer { state.unlock() }
        return written
    }

    /// Opens the data file for appending, hashing what an earlier attempt left so that the final check
    /// covers the whole file.
    private func openData() throws(EngineError) {
        if let size = expectedSize, let existing = FileSystem.fileSize(dataPath), existing > size {
            try FileSystem.remove(dataPath)
        }
        fd = open(dataPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(FileSystem.error("open ingest", dataPath)) }
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(FileSystem.error("read ingest", dataPath))
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            written += Int64(count)
        }
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

    public func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) {
        state.lock()
        defer { state.unlock() }
        guard !finished, fd >= 0 || alreadyStored else {
            throw EngineError(.invalidArgument, "blob \(expected): ingest already committed or discarded")
        }
        if bytes.isEmpty { return }
        if alreadyStored {
            throw EngineError(.invalidArgument, "blob \(expected): already stored, nothing more to write")
        }
        if let size = expectedSize, written + Int64(bytes.count) > size {
            let actual = written + Int64(bytes.count)
            discardLocked()
            throw EngineError(.invalidArgument,
                              "blob \(expected): size mismatch: expected \(size) bytes, got at least \(actual); data discarded")
        }
        do throws(EngineError) {
            try FileSystem.writeAll(fd, bytes, path: dataPath)
        } catch {
            throw failure(error)
        }
        hasher.update(bytes)
        written += Int64(bytes.count)
    }

    /// Verifies size and digest, makes the data durable and moves it into the store. On a mismatch the data
    /// is discarded and the error names the digest, what was expected and what arrived.
    @discardableResult
    public func commit() throws(EngineError) -> String {
        state.lock()
        defer { state.unlock() }
        let blob = store.path(of: expected)
        guard !finished else {
            if store.contains(expected) { return blob }
            throw EngineError(.invalidArgument, "blob \(expected): ingest already discarded")
        }
        if alreadyStored {
            finishLocked(removeDirectory: true)
            return blob
        }
        if let size = expectedSize, written != size {
            discardLocked()
            throw EngineError(.invalidArgument,
                              "blob \(expected): size mismatch: expected \(size) bytes, got \(written); data discarded")
        }
        guard let actual = hasher.finalize() else {
            discardLocked()
            throw EngineError(.internalError, "blob \(expected): digest could not be computed")
        }
        guard actual == expected else {
            discardLocked()
            throw EngineError(.invalidArgument,
                              "blob \(expected): digest mismatch: expected \(expected), got \(actual) (\(written) bytes); data discarded")
        }
        guard fsync(fd) == 0 else { throw failure(FileSystem.error("fsync ingest", dataPath)) }
        let blobDirectory = (blob as NSString).deletingLastPathComponent
        do throws(EngineError) {
            try FileSystem.makeDirectories(blobDirectory)
            guard rename(dataPath, blob) == 0 else { throw FileSystem.error("rename ingest to \(blob)", dataPath) }
        } catch {
            throw failure(error)
        }
        FileSystem.syncDirectory(blobDirectory)
        finishLocked(removeDirectory: true)
        return blob
    }

    /// Drops the data and the ingest directory. Idempotent.
    public func discard() {
        state.lock()
        defer { state.unlock() }
        discardLocked()
    }

    private func discardLocked() {
        finishLocked(removeDirectory: true)
    }

    /// Ends the ingest. The directory is removed while the lock is still held; a waiter that then gets the
    /// lock on the unlinked file notices and starts over (StoreLock checks the inode).
    private func finishLocked(removeDirectory: Bool) {
        guard !finished else { return }
        finished = true
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if removeDirectory { try? FileSystem.remove(directory) }
        lock?.unlock()
        lock = nil
    }

    /// An I/O failure keeps the partial data for a later resume but releases the ingest.
    private func failure(_ error: EngineError) -> EngineError {
        finishLocked(removeDirectory: false)
        var error = error
        error.message = "blob \(expected): ingest: \(error.message)"
        return error
    }
}
