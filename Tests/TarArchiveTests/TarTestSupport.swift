import Foundation
import TarArchive

/// Helpers shared by the tar tests: temp dirs, external tools (GNU tar, Python's tarfile) and reading
/// whole archives into comparable values.
enum TarTestSupport {
    struct ToolError: Error, CustomStringConvertible {
        var description: String
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swc-tartest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw ToolError(description: "\(arguments): \(text)") }
        return text
    }

    /// Runs a Python script (Python's own tarfile module writes the archive).
    static func python(_ script: String, in directory: String) throws {
        try run(["python3", "-"], in: directory, input: script)
    }

    struct Member: Equatable, CustomStringConvertible {
        var entry: TarEntry
        var data: [UInt8]
        var description: String { "\(entry) data=\(data.count)" }
    }

    static func readAll(_ reader: inout TarReader) throws -> [Member] {
        var members: [Member] = []
        while let entry = try reader.next() {
            members.append(Member(entry: entry, data: try reader.readAll()))
        }
        return members
    }

    static func readAll(_ bytes: [UInt8]) throws -> [Member] {
        var reader = TarReader(bytes: bytes)
        return try readAll(&reader)
    }

    static func write(_ body: (TarWriter) throws -> Void) throws -> [UInt8] {
        let collector = Collector()
        let writer = TarWriter { collector.bytes += $0 }
        try body(writer)
        return collector.bytes
    }

    final class Collector {
        var bytes: [UInt8] = []
    }

    static func bytes(atPath path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
