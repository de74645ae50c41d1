import Glibc

/// The container's stdout and stderr as Docker json-file lines (`{"log":…,"stream":…,"time":…}`), split at
/// newlines or 16 KiB, rotated by size; with the `syslog` driver the same lines go to syslog instead; with
/// `none` everything is read and dropped.
final class ContainerLog {
    enum Stream: String {
        case stdout, stderr
    }

    static let maxLine = 16 * 1024

    private let path: String
    private let enabled: Bool
    private let maxSize: Int64?
    private let maxFile: Int
    private var fd: Int32 = -1
    private var size: Int64 = 0
    /// Each stream's unfinished line. Two fields, not a dictionary keyed by stream: hashing a stream hashes
    /// its string raw value, and that code alone costs the supervisor resident pages.
    private var pendingStdout: [UInt8] = []
    private var pendingStderr: [UInt8] = []

    private let syslog: SyslogSink?

    init(config: ShimLogConfig, bundle: String, id: String) {
        path = config.path ?? "\(bundle)/\(ShimFiles.log)"
        enabled = config.driver != "none"
        syslog = config.driver == "syslog" ? SyslogSink(config: config, id: id) : nil
        maxSize = config.maxSize.flatMap { $0 > 0 ? $0 : nil }
        maxFile = max(1, config.maxFile ?? 1)
    }

    /// Opens (appends to) the log file; an error message when it cannot.
    func open() -> String? {
        guard enabled else { return nil }
        if let syslog { return syslog.open() }
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { return "open \(path): \(System.errorText())" }
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
        return nil
    }

    /// Bytes read from one stream: complete lines (and 16 KiB pieces of an endless one) are written.
    func append(_ bytes: ArraySlice<UInt8>, from stream: Stream) {
        guard enabled else { return }
        var buffer = pending(stream)
        buffer.append(contentsOf: bytes)
        var start = 0
        while start < buffer.count {
            let end = min(buffer.count, start + Self.maxLine)
            if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                emit(buffer[start...newline], stream)
                start = newline + 1
            } else if end - start == Self.maxLine {
                emit(buffer[start..<end], stream)
                start = end
            } else {
                break
            }
        }
        setPending(stream, Array(buffer[start...]))
    }

    /// Writes what is left of a stream without a newline (the container's last, partial line).
    func flush(_ stream: Stream) {
        let rest = pending(stream)
        guard !rest.isEmpty else { return }
        setPending(stream, [])
        emit(rest[...], stream)
    }

    private func pending(_ stream: Stream) -> [UInt8] {
        switch stream {
        case .stdout: return pendingStdout
        case .stderr: return pendingStderr
        }
    }

    private func setPending(_ stream: Stream, _ bytes: [UInt8]) {
        switch stream {
        case .stdout: pendingStdout = bytes
        case .stderr: pendingStderr = bytes
        }
    }

    private func emit(_ message: ArraySlice<UInt8>, _ stream: Stream) {
        if let syslog {
            syslog.send(message, error: stream == .stderr)
            return
        }
        guard fd >= 0 else { return }
        var line: [UInt8] = Array("{\"log\":\"".utf8)
        JSONText.appendEscaped(message, to: &line)
        line.append(contentsOf: "\",\"stream\":\"\(stream.rawValue)\",\"time\":\"\(System.timestamp())\"}\n".utf8)
        if let maxSize, size > 0, size + Int64(line.count) > maxSize { rotate() }
        if System.writeAll(fd, line) { size += Int64(line.count) }
    }

    /// ctr.log → ctr.log.1 → … → ctr.log.<maxFile-1>, the oldest dropped; with one file, truncation.
    private func rotate() {
        close(fd)
        if maxFile > 1 {
            unlink("\(path).\(maxFile - 1)")
            var index = maxFile - 1
            while index > 1 {
                rename("\(path).\(index - 1)", "\(path).\(index)")
                index -= 1
            }
            rename(path, "\(path).1")
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        } else {
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o640)
        }
        size = 0
    }
}

/// JSON string escaping without Foundation (the log path is hot).
enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendEscaped(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        // Invalid UTF-8 (including a character cut by the 16 KiB split) becomes U+FFFD, as Go's encoder does.
        let text = String(decoding: bytes, as: UTF8.self)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, byte])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xf)])
            default: out.append(byte)
            }
        }
    }
}
