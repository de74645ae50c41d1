import EngineAPI
import Foundation

/// A flock(2) on a lock file, released on `unlock()` or deinit. Locks belong to the open file
/// description, so two StoreLocks on one path conflict even inside one process.
public final class StoreLock: @unchecked Sendable {
    public let path: String
    private let state = NSLock()
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Waits for the lock. Use for short critical sections (a metadata rewrite) only: it blocks a thread.
    /// `shared` takes a read lock: many shared holders, or one exclusive.
    public static func acquire(_ path: String, shared: Bool = false) throws(EngineError) -> StoreLock {
        guard let lock = try lock(path, blocking: true, shared: shared) else {
            throw EngineError(.internalError, "lock \(path): not acquired")
        }
        return lock
    }

    /// nil when another holder has it.
    public static func tryAcquire(_ path: String, shared: Bool = false) throws(EngineError) -> StoreLock? {
        try lock(path, blocking: false, shared: shared)
    }

    public func unlock() {
        state.lock()
        defer { state.unlock() }
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    /// Whether the lock file is still the one at `path`: a holder may delete the file (a finished ingest),
    /// and a waiter that then gets the lock on the unlinked inode must start over.
    private static func stillLinked(_ fd: Int32, _ path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    private static func lock(_ path: String, blocking: Bool, shared: Bool) throws(EngineError) -> StoreLock? {
        try FileSystem.makeDirectories((path as NSString).deletingLastPathComponent)
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileSystem.error("open lock", path) }
            var result: Int32
            repeat {
                result = flock(fd, (shared ? LOCK_SH : LOCK_EX) | (blocking ? 0 : LOCK_NB))
            } while result != 0 && errno == EINTR
            if result != 0 {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK { return nil }
                throw FileSystem.error("flock", path, errno: code)
            }
            if stillLinked(fd, path) { return StoreLock(path: path, fd: fd) }
            close(fd)
        }
        throw EngineError(.unavailable, "lock \(path): the lock file keeps being replaced")
    }
}
