import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Changes under a few directories, through inotify, for a reader that looks for itself afterwards (no
/// payload). `directories` are watched themselves; each of `parents` with every directory directly in it, made
/// later ones included (container bundles); each of `trees` with every directory below it, made later ones
/// included (`develop.watch` paths). Nil when inotify is unavailable or a watch cannot be added (the inotify
/// limit): the reader then polls.
public final class DirectoryWatch: @unchecked Sendable {
    // Everything mutable is touched only on `queue` (and in deinit); hence @unchecked Sendable.
    private enum Kind {
        case plain, parent, tree
    }

    private let queue = DispatchQueue(label: "swift-compose.directory-watch")
    private let descriptor: Int32
    private let mask: UInt32
    private var watched: [Int32: (path: String, kind: Kind)] = [:]
    private var reader: (any DispatchSourceRead)?
    private var changed = false
    private var waiter: CheckedContinuation<Bool, Never>?
    private var generation = 0
    private var failed = false
    private var cancelled = false

    /// Records replaced by a rename or made and removed; `writes` adds files written in place (edited sources).
    public init?(directories: [String], parents: [String] = [], trees: [String] = [], writes: Bool = false) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        mask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF) | (writes ? UInt32(IN_CLOSE_WRITE) : 0)
        let complete = queue.sync { () -> Bool in
            for directory in directories { add(directory, .plain) }
            for parent in parents { add(parent, .parent) }
            for tree in trees { add(tree, .tree) }
            return !failed
        }
        guard complete else {
            close(descriptor)
            return nil
        }
        let reader = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        reader.setEventHandler { [weak self] in self?.drain() }
        reader.resume()
        self.reader = reader
    }

    deinit {
        reader?.cancel()
        close(descriptor)
    }

    /// Stops watching; a waiter returns at once.
    public func stop() {
        queue.sync {
            reader?.cancel()
            cancelled = true
            wake(false)
        }
    }

    /// Waits until something changed since the last call (true), or `timeout` passed or the task was cancelled
    /// (false).
    public func waitForChange(timeout: Duration) async -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                queue.async { [self] in
                    if changed || cancelled {
                        let result = changed && !cancelled
                        changed = false
                        continuation.resume(returning: result)
                        return
                    }
                    wake(false)
                    waiter = continuation
                    generation += 1
                    let mine = generation
                    queue.asyncAfter(deadline: .now() + seconds) { [self] in
                        if generation == mine { wake(false) }
                    }
                }
            }
        } onCancel: {
            // One reader per watch: once its task is cancelled, every later wait returns at once too.
            queue.async { [self] in
                cancelled = true
                wake(false)
            }
        }
    }

    private func wake(_ result: Bool) {
        guard let waiter else { return }
        self.waiter = nil
        if result { changed = false }
        waiter.resume(returning: result)
    }

    /// Watches a directory (and, for a tree, every directory below it); a path that is not a directory is skipped.
    private func add(_ path: String, _ kind: Kind) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        let wd = inotify_add_watch(descriptor, path, mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else {
            failed = true
            return
        }
        watched[wd] = (path, kind)
        guard kind != .plain else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let child = path + "/" + name
            var childInfo = stat()
            // lstat: a symbolic link to a directory is not followed (it could loop).
            guard lstat(child, &childInfo) == 0, childInfo.st_mode & S_IFMT == S_IFDIR else { continue }
            add(child, kind == .tree ? .tree : .plain)
        }
    }

    /// Reads every pending event, watches directories made where that is asked, and wakes the waiter.
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var any = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            any = true
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, flags, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if flags & UInt32(IN_IGNORED) != 0 { watched[wd] = nil }
                if let directory = watched[wd], directory.kind != .plain, flags & UInt32(IN_ISDIR) != 0,
                   flags & UInt32(IN_CREATE | IN_MOVED_TO) != 0, length > 0, nameStart + length <= count {
                    let bytes = buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                    add(directory.path + "/" + String(decoding: bytes, as: UTF8.self), directory.kind == .tree ? .tree : .plain)
                }
                offset = nameStart + length
            }
        }
        guard any else { return }
        changed = true
        wake(true)
    }
}
