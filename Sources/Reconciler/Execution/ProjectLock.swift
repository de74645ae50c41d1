import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One advisory lock per (engine endpoint, project), so two `up`/`down` runs never reconcile the same
/// project at once. A file under the lock directory, taken with `flock(LOCK_EX|LOCK_NB)`: the kernel drops it
/// when the holder's process dies, even by SIGKILL, so a crashed run never blocks the next one. The holder
/// writes its pid and start time into the file for the message the waiting run shows.
public final class ProjectLock: @unchecked Sendable {
    public let project: String
    public let endpoint: String
    /// The lock file.
    public let path: String
    // `descriptor` is guarded by `mutex`; that is why the class is `@unchecked Sendable`.
    private let mutex = NSLock()
    private var descriptor: Int32?

    /// - Parameter directory: where lock files live (default: `defaultDirectory()`).
    public init(project: String, endpoint: String, directory: String? = nil) {
        self.project = project
        self.endpoint = endpoint
        let digest = SHA256.hash(data: Data("\(endpoint)\n\(project)".utf8))
        let name = digest.prefix(16).map { String(format: "%02x", $0) }.joined() + ".lock"
        self.path = (directory ?? Self.defaultDirectory()) + "/" + name
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// `$XDG_RUNTIME_DIR/swift-compose/locks`, else `/tmp/swift-compose-<uid>/locks`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return runtime + "/swift-compose/locks"
        }
        return "/tmp/swift-compose-\(getuid())/locks"
    }

    /// Whether this instance holds the lock.
    public var isHeld: Bool {
        mutex.withLock { descriptor != nil }
    }

    /// Takes the lock, retrying until `wait` has passed; then fails naming the holder.
    public func acquire(wait: Duration = .zero, retryInterval: Duration = .milliseconds(100)) async throws(ProjectLockError) {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while true {
            if try tryAcquire() { return }
            let now = clock.now
            if now >= deadline || Task.isCancelled {
                throw ProjectLockError.held(project: project, holder: readHolder())
            }
            try? await Task.sleep(for: min(retryInterval, deadline - now))
        }
    }

    /// One attempt; false when another open of the file (this process or another) holds it.
    public func tryAcquire() throws(ProjectLockError) -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        if descriptor != nil { return true }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ProjectLockError.io(path: directory, reason: error.localizedDescription)
        }
        let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw ProjectLockError.io(path: path, reason: String(cString: strerror(errno))) }
        guard flock(file, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(file)
            if code == EWOULDBLOCK { return false }
            throw ProjectLockError.io(path: path, reason: String(cString: strerror(code)))
        }
        let holder = "\(getpid()) \(Date().timeIntervalSince1970)\n"
        _ = ftruncate(file, 0)
        _ = holder.withCString { pwrite(file, $0, strlen($0), 0) }
        descriptor = file
        return true
    }

    /// Gives the lock up (clearing the holder's details); a no-op when not held.
    public func release() {
        mutex.withLock {
            guard let file = descriptor else { return }
            _ = ftruncate(file, 0)
            close(file)
            descriptor = nil
        }
    }

    /// The pid and start time the holder wrote, when readable.
    private func readHolder() -> ProjectLockError.Holder? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let pid = Int32(fields[0]), let since = Double(fields[1]) else { return nil }
        return ProjectLockError.Holder(pid: pid, since: Date(timeIntervalSince1970: since))
    }
}
