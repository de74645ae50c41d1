import Foundation

/// Reads a procfs file to its end. procfs reports size 0, and Foundation's whole-file readers
/// (`String(contentsOfFile:)`) stop after the first 4 KiB page of such files (measured: 3,990 of 10,842 bytes
/// of /proc/self/maps), silently dropping routes or mounts. Plain read(2) calls: a file of a process that is
/// exiting fails with ESRCH, which FileHandle's non-throwing reader turns into a crash (seen in CI).
enum ProcFile {
    static func read(_ path: String) -> String? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
