import CSystemShims
import Glibc
import ShimJSON

/// Thin Glibc helpers for a single-threaded supervisor: clocks, timestamps, files, spawning.
enum System {
    /// Milliseconds on the monotonic clock (timers and backoff).
    static func monotonicMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// UTC now as RFC 3339 with nine fraction digits, as Docker's json-file writes it (six with `microseconds`:
    /// RFC 5424 allows no more).
    static func timestamp(microseconds: Bool = false) -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            // Digits are ASCII: counting bytes spares the grapheme-breaking code (resident memory).
            let count = digits.utf8.count
            return count >= width ? digits : String(repeating: "0", count: width - count) + digits
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + (microseconds ? ".\(pad(Int(ts.tv_nsec) / 1000, 6))Z" : ".\(pad(Int(ts.tv_nsec), 9))Z")
    }

    /// A NUL-terminated C buffer as text.
    static func cString(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// The whole file, or nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? result : nil }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Writes all of `bytes` to `fd`; false on error.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }

    /// Temp file, fsync, rename: readers see the old or the new content, never a part.
    @discardableResult
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> Bool {
        let temp = "\(path).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = writeAll(fd, bytes) && fsync(fd) == 0
        close(fd)
        guard written, rename(temp, path) == 0 else {
            unlink(temp)
            return false
        }
        return true
    }

    /// `value` as JSON text, written atomically; an error message on failure.
    static func writeJSON(_ value: JSONValue, to path: String) -> String? {
        writeAtomically(value.serialized(), to: path) ? nil : "write \(path): \(errorText())"
    }

    /// Field 22 of `/proc/<pid>/stat` (start time in clock ticks after boot); 0 when unreadable.
    static func startTime(of pid: Int32) -> UInt64 {
        guard let bytes = readFile("/proc/\(pid)/stat") else { return 0 }
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19 else { return 0 }
        return UInt64(String(decoding: fields[19], as: UTF8.self)) ?? 0
    }

    /// The pid a pid file (runc's `--pid-file`) holds: its first word. Parsed as bytes, not Characters, as
    /// grapheme breaking would cost the supervisor resident memory.
    static func pid(inFile path: String) -> pid_t? {
        guard let bytes = readFile(path),
              let word = bytes.split(whereSeparator: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: " ") }).first,
              let pid = pid_t(String(decoding: word, as: UTF8.self)), pid > 0 else { return nil }
        return pid
    }

    /// A pipe whose ends are both close-on-exec; `posix_spawn`'s dup2 clears the flag on the child's copy.
    static func pipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard csys_pipe_cloexec(&fds) == 0 else { return nil }
        return (fds[0], fds[1])
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Exit code in Docker's convention: the status, or 128 + signal.
    static func exitCode(fromWaitStatus status: Int32) -> Int {
        if csys_wifexited(status) != 0 { return Int(csys_wexitstatus(status)) }
        if csys_wifsignaled(status) != 0 { return 128 + Int(csys_wtermsig(status)) }
        return 255
    }

    /// posix_spawn of `arguments[0]` with stdin/stdout/stderr set and every signal disposition reset to its
    /// default (the shim ignores several, and ignored dispositions survive exec).
    static func spawn(_ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32) -> Result<pid_t, SpawnError> {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = csys_spawn(&pid, arguments[0], argv, environ, stdin, stdout, stderr)
        guard status == 0 else { return .failure(SpawnError(message: "\(arguments[0]): \(errorText(status))")) }
        return .success(pid)
    }

    /// Waits for one specific child (a short runc command); its exit code.
    static func waitFor(_ pid: pid_t) -> Int {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 255 }
        }
        return exitCode(fromWaitStatus: status)
    }
}

struct SpawnError: Error {
    var message: String
}
