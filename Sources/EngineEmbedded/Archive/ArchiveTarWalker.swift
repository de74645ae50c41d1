import EngineAPI
import Foundation
import TarArchive

/// Feeds a tar archive's entries to a collector, streaming with TarArchive's reader. Compressed archives
/// (`docker save | gzip`) are extracted with GNU tar into a scratch directory under the state dir instead.
enum ArchiveTarWalker {
    static func walk(_ path: String, scratch: String, into collector: inout ArchiveCollector) throws(EngineError) {
        if try isCompressed(path) {
            try extractAndWalk(path, scratch: scratch, into: &collector)
            return
        }
        var reader: TarReader
        do {
            reader = try TarReader(path: path)
        } catch {
            throw EngineError(.invalidArgument, "load \(path): cannot open", cause: "\(error)")
        }
        defer { reader.close() }
        do {
            while let entry = try reader.next() {
                switch entry.type {
                case .file:
                    try collector.addFile(path: entry.path, size: entry.size) { try reader.readChunk() }
                case .symlink:
                    collector.addLink(path: entry.path, target: entry.linkTarget, symbolic: true)
                case .hardlink:
                    collector.addLink(path: entry.path, target: entry.linkTarget, symbolic: false)
                default:
                    continue
                }
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.invalidArgument, "load \(path): not a readable tar archive", cause: "\(error)")
        }
    }

    /// gzip, zstd, bzip2 or xz magic at the start of the file.
    static func isCompressed(_ path: String) throws(EngineError) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error("open", path) }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 6)
        let count = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 6) }
        guard count >= 3 else { return false }
        return magic[0...1] == [0x1f, 0x8b] || magic[0...3] == [0x28, 0xb5, 0x2f, 0xfd] || magic[0...2] == [0x42, 0x5a, 0x68]
            || magic == [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]
    }

    private static func extractAndWalk(_ path: String, scratch: String, into collector: inout ArchiveCollector) throws(EngineError) {
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
        let message = String(decoding: (try? errors.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EngineError(.invalidArgument, "load \(path): not a readable tar archive",
                              cause: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try ArchiveDirectoryWalker.walk(directory, into: &collector)
    }
}
