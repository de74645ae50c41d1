import Foundation

/// Reads a procfs file to its end. procfs reports size 0, and Foundation's whole-file readers
/// (`String(contentsOfFile:)`) stop after the first 4 KiB page of such files (measured: 3,990 of 10,842 bytes
/// of /proc/self/maps), silently dropping routes or mounts.
enum ProcFile {
    static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
