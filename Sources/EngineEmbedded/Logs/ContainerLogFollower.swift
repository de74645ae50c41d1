import EngineAPI
import Foundation

/// The state behind one `ContainerLogReader` stream. Only its stream's single consumer calls `next()`, one
/// call at a time, hence `@unchecked Sendable`.
final class ContainerLogFollower: @unchecked Sendable {
    private enum Phase {
        case opening, existing, following, done
    }

    private let bundle: String
    private let options: LogOptions
    private let isFinished: @Sendable () -> Bool
    private var path = ""
    private var phase = Phase.opening
    private var live: LogFileCursor?
    /// Files (oldest first) of the content already written, still to be read.
    private var existing: [LogFileCursor] = []
    private var tailWindow: [LogLine] = []
    private var assembler = LogLineAssembler()
    private var ready: [LogLine] = []
    private var readyIndex = 0

    init(bundle: String, options: LogOptions, isFinished: @escaping @Sendable () -> Bool) {
        self.bundle = bundle
        self.options = options
        self.isFinished = isFinished
    }

    func next() async throws -> LogLine? {
        while true {
            if Task.isCancelled { return nil }
            if readyIndex < ready.count {
                readyIndex += 1
                return ready[readyIndex - 1]
            }
            ready = []
            readyIndex = 0
            switch phase {
            case .opening:
                try openExisting()
                phase = .existing
            case .existing:
                if try readExistingChunk() { phase = options.follow ? .following : .done }
            case .following:
                // Asked before reading: whatever was written before the container finished is read below.
                let finished = isFinished() || options.until.map { Date().timeIntervalSince1970 >= $0 } == true
                try poll()
                if !ready.isEmpty { continue }
                if finished {
                    for line in assembler.flush() { deliver(line) }
                    phase = .done
                    continue
                }
                do {
                    try await Task.sleep(for: ContainerLogReader.pollInterval)
                } catch {
                    return nil
                }
            case .done:
                return nil
            }
        }
    }

    /// Opens what is already written: the rotated files oldest first, then the live one, all opened before any
    /// is read (the live one first) so a rotation meanwhile neither loses nor repeats lines.
    private func openExisting() throws {
        path = try ContainerLogReader.logPath(bundle: bundle)
        live = try LogFileCursor.open(path)
        // Opened newest first, the same file skipped when a rotation meanwhile shifted it to the next number.
        var seen = Set(live.map { [LogFileIdentity(device: $0.device, inode: $0.inode)] } ?? [])
        var rotated: [LogFileCursor] = []
        var index = 1
        while let cursor = try LogFileCursor.open("\(path).\(index)") {
            if seen.insert(LogFileIdentity(device: cursor.device, inode: cursor.inode)).inserted {
                rotated.insert(cursor, at: 0)
            }
            index += 1
        }
        existing = rotated + (live.map { [$0] } ?? [])
        // With a tail and no time filter only the end of the log is decoded.
        if let tail = options.tail, options.since == nil, options.until == nil,
           let start = LogTailLocator.start(forLast: max(0, tail), in: existing) {
            existing[start.file].seek(to: start.offset)
            existing.removeFirst(start.file)
        }
    }

    /// One bounded piece of the existing content (a long log is streamed, not held in memory); true when all
    /// of it is read. With a tail, lines are kept in a window trimmed to the tail and delivered at the end.
    private func readExistingChunk() throws -> Bool {
        let tail = options.tail.map { max(0, $0) }
        let collect: (TimedLogLine) -> Void = { line in
            guard let accepted = self.accept(line) else { return }
            guard let tail else {
                self.ready.append(accepted)
                return
            }
            self.tailWindow.append(accepted)
            if self.tailWindow.count > 2 * tail + 1024 { self.tailWindow.removeFirst(self.tailWindow.count - tail) }
        }
        if let cursor = existing.first {
            if try read(cursor, maxBytes: 1 << 20, into: collect) { existing.removeFirst() }
            return false
        }
        if !options.follow {
            for line in assembler.flush() { collect(line) }
        }
        if let tail { ready.append(contentsOf: tailWindow.suffix(tail)) }
        tailWindow = []
        return true
    }

    /// New output of the live file; after a rotation, the rest of the old file, any file rotated past us
    /// meanwhile, then the new live file.
    private func poll() throws {
        guard let current = live else {
            live = try LogFileCursor.open(path)
            if let opened = live { try read(opened, into: deliver) }
            return
        }
        try read(current, into: deliver)
        guard FileSystem.exists(path) else { return }  // between the shim's rename and its new file
        if current.isFile(at: path) {
            if let size = FileSystem.fileSize(path), size < current.offset {
                current.rewind()  // truncated in place (max-file 1)
                try read(current, into: deliver)
            }
            return
        }
        try read(current, into: deliver)
        var index = 1
        while FileSystem.exists("\(path).\(index)"), !current.isFile(at: "\(path).\(index)") {
            index += 1
        }
        // Files before ours in the numbering are newer (or all of them, when ours was rotated away).
        for newer in stride(from: index - 1, through: 1, by: -1) {
            if let cursor = try LogFileCursor.open("\(path).\(newer)") { try read(cursor, into: deliver) }
        }
        live = try LogFileCursor.open(path)
        if let opened = live { try read(opened, into: deliver) }
    }

    private func read(_ cursor: LogFileCursor, into sink: (TimedLogLine) -> Void) throws {
        _ = try read(cursor, maxBytes: nil, into: sink)
    }

    /// True when the cursor reached the end of its file.
    private func read(_ cursor: LogFileCursor, maxBytes: Int?, into sink: (TimedLogLine) -> Void) throws -> Bool {
        try cursor.readLines(maxBytes: maxBytes) { bytes in
            guard let entry = LogEntry.decode(bytes), let line = assembler.add(entry) else { return }
            sink(line)
        }
    }

    private func deliver(_ line: TimedLogLine) {
        if let accepted = accept(line) { ready.append(accepted) }
    }

    /// The since/until filter; the time is kept only when asked for.
    private func accept(_ line: TimedLogLine) -> LogLine? {
        if options.since != nil || options.until != nil, let seconds = LogTime.seconds(line.time) {
            if let since = options.since, seconds < since { return nil }
            if let until = options.until, seconds >= until { return nil }
        }
        return LogLine(stream: line.stream, text: line.text, timestamp: options.timestamps ? line.time : nil)
    }
}

private struct LogFileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}
