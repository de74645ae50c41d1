import Foundation

/// Where reading must start so that the last `count` lines are all read, found by scanning the files
/// backwards (Docker's json-file reader seeks back too): `logs --tail 10` of a long-running container must not
/// decode gigabytes. The start is a clean point: after a complete entry, with no stream in the middle of a
/// line split into pieces, so lines read from there are exactly the lines of the whole log.
enum LogTailLocator {
    struct Start: Equatable {
        /// Index into the files (oldest first) and byte offset in that file.
        var file: Int
        var offset: Int64
    }

    static let maxLookBehind = 4096

    /// `files` oldest first. nil: read everything.
    static func start(forLast count: Int, in files: [LogFileCursor]) -> Start? {
        var terminated = 0
        var candidate: (start: Start, stream: String)?
        var sinceCandidate = 0
        for index in files.indices.reversed() {
            var found: Start?
            scanBackward(files[index]) { offset, line in
                if let pending = candidate {
                    sinceCandidate += 1
                    // A log of one stream would otherwise be scanned to its start: past this many entries, an
                    // unfinished line of the other stream is taken to be older than the tail (it would lose its start).
                    if sinceCandidate > maxLookBehind {
                        found = pending.start
                        return true
                    }
                }
                guard let entry = LogEntry.decode(line) else { return false }
                let complete = entry.log.hasSuffix("\n")
                if let pending = candidate, entry.stream != pending.stream {
                    // The other stream's nearest earlier entry decides whether the candidate point is clean.
                    if complete {
                        found = pending.start
                        return true
                    }
                    candidate = nil
                    sinceCandidate = 0
                }
                if complete {
                    terminated += 1
                    if candidate == nil, terminated > count {
                        candidate = (Start(file: index, offset: offset + Int64(line.count) + 1), entry.stream)
                    }
                }
                return false
            }
            if let found { return found }
        }
        // Only one stream before the candidate, or not enough lines: the candidate, or the very beginning.
        return candidate?.start
    }

    /// Calls `body` with each line (without its newline) and its offset, last line first, until it returns true.
    /// Reads with pread, so the cursor's own position is untouched.
    private static func scanBackward(_ cursor: LogFileCursor, _ body: (Int64, [UInt8]) -> Bool) {
        var info = stat()
        guard fstat(cursor.descriptor, &info) == 0 else { return }
        var bufferStart = Int64(info.st_size)
        var buffer: [UInt8] = []
        let chunkSize: Int64 = 64 * 1024
        while true {
            // The buffer holds whole lines after its first newline; the last one may lack its newline.
            let searchEnd = buffer.last == UInt8(ascii: "\n") ? buffer.count - 1 : buffer.count
            if let newline = buffer[0..<searchEnd].lastIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[(newline + 1)..<searchEnd])
                if body(bufferStart + Int64(newline + 1), line) { return }
                buffer.removeSubrange((newline + 1)...)
                continue
            }
            if bufferStart == 0 {
                if searchEnd > 0 { _ = body(0, Array(buffer[0..<searchEnd])) }
                return
            }
            let readStart = max(0, bufferStart - chunkSize)
            var chunk = [UInt8](repeating: 0, count: Int(bufferStart - readStart))
            let got = chunk.withUnsafeMutableBytes { pread(cursor.descriptor, $0.baseAddress, $0.count, off_t(readStart)) }
            guard got == chunk.count else { return }
            buffer = chunk + buffer
            bufferStart = readStart
        }
    }
}
