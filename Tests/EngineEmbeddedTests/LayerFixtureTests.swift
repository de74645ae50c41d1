@testable import EngineEmbedded
import EngineAPI
import Foundation
import TarArchive
import Testing

/// Builds layer blobs with the project's TarWriter and inspects unpacked trees.
enum LayerFixture {
    static var isRoot: Bool { getuid() == 0 }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swc-layer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func tar(_ entries: [(TarEntry, [UInt8])]) throws -> [UInt8] {
        let collector = Collector()
        let writer = TarWriter { collector.bytes += $0 }
        for (entry, data) in entries { try writer.write(entry, data: data) }
        try writer.finish()
        return collector.bytes
    }

    final class Collector {
        var bytes: [UInt8] = []
    }

    enum Compression: String {
        case plain, gzip, zstd
    }

    /// Writes the tar (compressed by the system gzip or zstd) to `directory/name`; returns its path and diffID.
    static func blob(_ entries: [(TarEntry, [UInt8])], in directory: String, name: String,
                     compression: Compression = .plain) throws -> (path: String, diffID: Digest) {
        let bytes = try tar(entries)
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        switch compression {
        case .plain: break
        case .gzip: try run(["gzip", "-n", path]); try FileManager.default.moveItem(atPath: path + ".gz", toPath: path)
        case .zstd: try run(["zstd", "-q", "--rm", path]); try FileManager.default.moveItem(atPath: path + ".zst", toPath: path)
        }
        return (path, Digest.sha256(of: bytes))
    }

    struct ToolError: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw ToolError(description: "\(arguments): \(text)") }
        return text
    }

    static func file(_ path: String, _ text: String = "", mode: UInt32 = 0o644, mtime: Int64 = 1_600_000_000) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, type: .file, mode: mode, modificationTime: mtime), Array(text.utf8))
    }

    static func directory(_ path: String, mode: UInt32 = 0o755, mtime: Int64 = 1_600_000_000) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, type: .directory, mode: mode, modificationTime: mtime), [])
    }

    static func symlink(_ path: String, _ target: String) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, type: .symlink, mode: 0o777, modificationTime: 1_600_000_000, linkTarget: target), [])
    }

    static func hardlink(_ path: String, _ target: String) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, type: .hardlink, mode: 0o644, linkTarget: target), [])
    }

    /// Every path below `root` (not following symlinks), sorted, as "path kind detail".
    static func tree(_ root: String) throws -> [String] {
        var lines: [String] = []
        func visit(_ relative: String) throws {
            let full = relative.isEmpty ? root : root + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: full).sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                let mode = String(info.st_mode & 0o7777, radix: 8)
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    lines.append("\(path)/ dir \(mode)")
                    try visit(path)
                case S_IFLNK:
                    lines.append("\(path) -> \(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path))")
                case S_IFCHR:
                    lines.append("\(path) char \(LayerDirectory.major(info.st_rdev)),\(LayerDirectory.minor(info.st_rdev))")
                case S_IFIFO:
                    lines.append("\(path) fifo \(mode)")
                default:
                    let text = (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? "?"
                    lines.append("\(path) file \(mode) '\(text)'")
                }
            }
        }
        try visit("")
        return lines
    }

    static func info(_ path: String) -> stat? {
        var info = Foundation.stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    /// Entries of the layers dir other than complete layers (leftover tmp-* would show up here).
    static func layerDirNames(_ state: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/layers")) ?? []).sorted()
    }
}

@Suite("Layer fixtures")
struct LayerFixtureTests {
    @Test("a fixture blob's diffID is the sha256 of the uncompressed tar, whatever the compression")
    func fixtureDiffID() throws {
        let directory = try LayerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let entries = [LayerFixture.file("a", "x")]
        let plain = try LayerFixture.blob(entries, in: directory, name: "p")
        let gzip = try LayerFixture.blob(entries, in: directory, name: "g", compression: .gzip)
        #expect(plain.diffID == gzip.diffID)
        #expect(Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: plain.path))) == plain.diffID)
        #expect(try Data(contentsOf: URL(fileURLWithPath: gzip.path)).prefix(2) == Data([0x1f, 0x8b]))
    }
}
