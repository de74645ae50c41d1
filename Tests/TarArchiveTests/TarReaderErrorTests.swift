import Foundation
import TarArchive
import Testing

@Suite("Tar reader errors")
struct TarReaderErrorTests {
    static func kind(of bytes: [UInt8]) -> TarError.Kind? {
        do {
            _ = try TarTestSupport.readAll(bytes)
            return nil
        } catch let error as TarError {
            return error.kind
        } catch {
            return .io
        }
    }

    static func simple() throws -> [UInt8] {
        try TarTestSupport.write { writer in
            try writer.addFile("a", contents: Array("hello".utf8))
            try writer.addFile("b", contents: Array("world".utf8))
            try writer.finish()
        }
    }

    @Test("a corrupted header fails its checksum")
    func badChecksum() throws {
        var bytes = try Self.simple()
        bytes[512 + 512 + 3] ^= 0x20 // the second header's name
        #expect(Self.kind(of: bytes) == .badChecksum)
    }

    @Test("an archive cut inside a header or inside data is truncated; one cut at an entry boundary is accepted")
    func truncated() throws {
        let bytes = try Self.simple()
        #expect(Self.kind(of: Array(bytes.prefix(700))) == .truncated)
        #expect(Self.kind(of: Array(bytes.prefix(512 + 3))) == .truncated)
        #expect(Self.kind(of: Array(bytes.prefix(1024))) == nil)
        #expect(try TarTestSupport.readAll(Array(bytes.prefix(1024))).map(\.entry.path) == ["a"])
    }

    @Test("GNU tar sparse files are refused as unsupported, in gnu and posix formats")
    func sparse() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TarTestSupport.run(["truncate", "-s", "10M", "sparse"], in: directory)
        try TarTestSupport.run(["sh", "-c", "printf data >> sparse"], in: directory)
        for format in ["gnu", "posix"] {
            try TarTestSupport.run(["tar", "--format=\(format)", "--sparse", "-cf", "\(format).tar", "sparse"], in: directory)
            #expect(Self.kind(of: try TarTestSupport.bytes(atPath: directory + "/\(format).tar")) == .unsupported)
        }
    }

    @Test("an unknown entry type names the entry and the type")
    func unknownType() throws {
        var bytes = try Self.simple()
        bytes[156] = UInt8(ascii: "V")
        // Reseal the checksum so only the type is wrong.
        for index in 148..<156 { bytes[index] = 0x20 }
        let sum = bytes[0..<512].reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        for (offset, digit) in digits.enumerated() { bytes[148 + 6 - digits.count + offset] = digit }
        for index in 148..<(148 + 6 - digits.count) { bytes[index] = UInt8(ascii: "0") }
        bytes[154] = 0
        do {
            _ = try TarTestSupport.readAll(bytes)
            Issue.record("expected an error")
        } catch let error as TarError {
            #expect(error.kind == .unsupported)
            #expect(error.description == "tar: entry 'a': unsupported entry type 'V'")
        }
    }
}
