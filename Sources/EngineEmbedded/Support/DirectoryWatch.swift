import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Changes under a few directories, through inotify, as a stream of ticks (no payload: the reader looks for
/// itself). `directories` are watched themselves; each of `parents` is watched with every directory directly in
/// it, including ones made later (container bundles). A tick also comes every `fallback`, for what no file
/// records (a process that died without its supervisor writing so). Nil when inotify is unavailable.
final class DirectoryWatch: @unchecked Sendable {
    // `parents` and the sources are touched only on `queue` (and in deinit); hence @unchecked Sendable.
    let ticks: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let queue = DispatchQueue(label: "swift-compose.directory-watch")
    private let descriptor: Int32
    private var parents: [Int32: String] = [:]
    private var reader: (any DispatchSourceRead)?
    private var timer: (any DispatchSourceTimer)?

    /// Records are replaced by a rename (moved to) or made and removed; writes in place (logs) and opens
    /// (lock files) are not changes to look at.
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF)

    init?(directories: [String], parents parentDirectories: [String], fallback: Duration) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        (ticks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        queue.sync {
            for directory in directories { _ = add(directory) }
            for parent in parentDirectories {
                guard let wd = add(parent) else { continue }
                parents[wd] = parent
                for child in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
                    _ = add(parent + "/" + child)
                }
            }
        }
        let reader = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        reader.setEventHandler { [weak self] in self?.drain() }
        reader.resume()
        self.reader = reader
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let seconds = Double(fallback.components.seconds) + Double(fallback.components.attoseconds) / 1e18
        timer.schedule(deadline: .now() + seconds, repeating: seconds, leeway: .milliseconds(500))
        let continuation = continuation
        timer.setEventHandler { continuation.yield() }
        timer.resume()
        self.timer = timer
    }

    deinit {
        reader?.cancel()
        timer?.cancel()
        continuation.finish()
        close(descriptor)
    }

    /// Stops the ticks (the stream ends).
    func stop() {
        queue.sync {
            reader?.cancel()
            timer?.cancel()
        }
        continuation.finish()
    }

    /// Adds a watch on a directory; its watch descriptor, nil when it cannot be watched (absent, not a directory).
    private func add(_ path: String) -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        let wd = inotify_add_watch(descriptor, path, Self.mask | UInt32(IN_ONLYDIR))
        return wd >= 0 ? wd : nil
    }

    /// Reads every pending event, watches directories made in a parent, and ticks once.
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var changed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            changed = true
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, flags, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if let parent = parents[wd], flags & UInt32(IN_ISDIR) != 0, flags & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                   length > 0, nameStart + length <= count {
                    let bytes = buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                    _ = add(parent + "/" + String(decoding: bytes, as: UTF8.self))
                }
                offset = nameStart + length
            }
        }
        if changed { continuation.yield() }
    }
}
