import EngineAPI
import Foundation

/// Freeing what a container that ended on its own still holds — network namespace, addresses, published
/// ports, rootfs mount — as Docker does at exit. Its supervisor runs `compose engine release <id>` when it
/// stops supervising (no restart left, not stopped by the engine); whatever starts or tears down a run holds
/// the container's run lock, so a release never undoes a start that came first.
extension EmbeddedEngine {
    /// Runs `body` holding the container's run lock (`<bundle>/run.lock`; not re-entrant: one per operation).
    func withRunLock<T>(_ record: ContainerRecord, _ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        let lock = try StoreLock.acquire(containers.bundle(of: record.id) + "/run.lock")
        defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` holding the run lock shared, so what it reads is not half a start or a tear-down; nil (and
    /// `body` not run) while one holds it. Nothing is created: a container without a lock file was never locked.
    func withSharedRunLock<T>(_ record: ContainerRecord, _ body: () -> T) -> T? {
        let file = open(containers.bundle(of: record.id) + "/run.lock", O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return body() }
        defer { close(file) }
        var result: Int32
        repeat { result = flock(file, LOCK_SH | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else { return nil }
        return body()
    }

    /// Releases a container that has exited; false when there was nothing to do (it runs again, is being
    /// removed, or is gone).
    @discardableResult
    public func releaseExited(_ id: String) throws(EngineError) -> Bool {
        guard let record = try? containers.resolve(id) else { return false }
        var gone = false
        let released = try withRunLock(record) { () throws(EngineError) -> Bool in
            guard let current = try? containers.read(record.id) else {
                gone = true
                return false
            }
            guard !current.removing, !Self.activeStates.contains(status(current).state) else { return false }
            try tearDownRun(current)
            return true
        }
        if gone {
            // Removed while this waited: taking the lock made the directory again; leave nothing behind.
            let bundle = containers.bundle(of: record.id)
            unlink(bundle + "/run.lock")
            rmdir(bundle)
        }
        // Its name no longer resolves in its peers, as with Docker once a container stops.
        if released { try? refreshHostsFiles(networks: record.networks.map(\.network)) }
        return released
    }
}
