@testable import EngineDocker
import Foundation
import TarArchive
import Testing

/// Archives read back with the system's `tar`, so the format is checked by an independent reader.
enum TarReading {
    static func run(_ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TarTestError(text: text) }
        return text
    }

    /// Writes `archive` to a file and lists it as `mode path[ -> target]` lines (GNU tar's verbose listing,
    /// owner, size and date dropped).
    static func list(_ archive: [UInt8]) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swc-tar-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(archive).write(to: URL(fileURLWithPath: path))
        let listing = try run(["tar", "--numeric-owner", "-tvf", path])
        return listing.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return ([String(fields[0])] + fields.dropFirst(5).map(String.init)).joined(separator: " ")
        }
    }

    static func write(_ body: (TarWriter) throws -> Void) throws -> [UInt8] {
        let collector = Collector()
        try body(TarWriter { collector.bytes += $0 })
        return collector.bytes
    }

    final class Collector {
        var bytes: [UInt8] = []
    }
}

struct TarTestError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

@Suite("Tar writer")
struct TarWriterTests {
    @Test("directories, files, symlinks and modes read back with tar -tvf")
    func entries() throws {
        let archive = try TarReading.write { tar in
            try tar.addDirectory("dir", mode: 0o755, modificationTime: 1_700_000_000)
            try tar.addFile("dir/run.sh", contents: Array("#!/bin/sh\n".utf8), mode: 0o755, modificationTime: 1_700_000_000)
            try tar.addSymlink("dir/link", target: "run.sh", modificationTime: 1_700_000_000)
            try tar.addFile("empty", contents: [], mode: 0o600)
            try tar.finish()
        }
        #expect(archive.count % 512 == 0)
        #expect(try TarReading.list(archive) == ["drwxr-xr-x dir/", "-rwxr-xr-x dir/run.sh", "lrwxrwxrwx dir/link -> run.sh", "-rw------- empty"])
    }

    @Test("long and non-ASCII names and link targets travel in PAX headers")
    func longNames() throws {
        let long = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 90) + ".txt"
        let target = String(repeating: "t", count: 150)
        let archive = try TarReading.write { tar in
            try tar.addFile(long, contents: Array("x".utf8))
            try tar.addSymlink("l", target: target, modificationTime: 0)
            try tar.addFile("café.txt", contents: [])
            try tar.finish()
        }
        #expect(try TarReading.list(archive) == ["-rw-r--r-- \(long)", "lrwxrwxrwx l -> \(target)", "-rw-r--r-- café.txt"])
    }

    @Test("contents read in chunks keep their size and are padded to blocks; a short file is filled with zeros")
    func chunkedContents() throws {
        var chunks = [Array(repeating: UInt8(ascii: "a"), count: 700), Array(repeating: UInt8(ascii: "b"), count: 100)]
        let archive = try TarReading.write { tar in
            try tar.addFile("f", size: 1000, mode: 0o644, modificationTime: 0) { chunks.isEmpty ? [] : chunks.removeFirst() }
            try tar.finish()
        }
        #expect(archive.count == 512 + 1024 + 1024)
        #expect(Array(archive[512..<1212]) == Array(repeating: UInt8(ascii: "a"), count: 700))
        #expect(Array(archive[1212..<1312]) == Array(repeating: UInt8(ascii: "b"), count: 100))
        #expect(archive[1312..<2560].allSatisfy { $0 == 0 })
    }
}
