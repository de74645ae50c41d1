import Foundation

/// Reads a procfs file to its end. procfs reports size 0, and Foundation's whole-file readers
/// (`String(contentsOfFile:)`) stop after the first 4 KiB page of such files (measured: 3,990 of 10,842 bytes
/// of /proc/self/maps), silently dropping routes or mounts; and FileHandle's non-throwing reader crashes the
/// process when read(2) fails, as it does (ESRCH) for a process that is exiting. `FileSystem.readAll` does neither.
enum ProcFile {
    static func read(_ path: String) -> String? {
        (try? FileSystem.readAll(path)).map { String(decoding: $0, as: UTF8.self) }
    }
}
