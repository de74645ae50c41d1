import EngineAPI
import Foundation

/// Feeds a tar archive's entries to a collector. Extracts with GNU tar into a scratch directory under the
/// state dir, then walks it: TarArchive's reader is not available to this target yet.
enum ArchiveTarWalker {
    static func walk(_ path: String, scratch: String, into collector: inout ArchiveCollector) throws(EngineError) {
        let directory = "\(scratch)/load-\(UUID().uuidString.lowercased())"
        try FileSystem.makeDirectories(directory)
        defer { try? FileSystem.remove(directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-x", "--no-same-owner", "--no-same-permissions", "-C", directory, "-f", path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EngineError(.unavailable, "load \(path): cannot run tar", cause: "\(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EngineError(.invalidArgument, "load \(path): not a readable tar archive",
                              cause: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try ArchiveDirectoryWalker.walk(directory, into: &collector)
    }
}
