import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "yaml-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Compose file reader")
struct YAMLReaderTests {
    private func write(_ bytes: [UInt8]) throws -> String {
        let path = try temporaryFolder() + "/compose.yaml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("UTF-8 is read as is, and a UTF-8 BOM is dropped")
    func utf8() throws {
        #expect(try ComposeFileReader.read(path: write(Array("a: é\n".utf8))) == "a: é\n")
        #expect(try ComposeFileReader.read(path: write([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))) == "a: 1\n")
    }

    @Test("UTF-16 with a BOM is decoded, little and big endian")
    func utf16() throws {
        let text = "services:\n  wé: {image: 𝄞}\n"
        let little = [UInt8(0xFF), 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let big = [UInt8(0xFE), 0xFF] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try ComposeFileReader.read(path: write(little)) == text)
        #expect(try ComposeFileReader.read(path: write(big)) == text)
        let broken = [UInt8(0xFF), 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x61, 0x00]
        #expect(failure { try ComposeFileReader.decode(broken, file: "f") }
            == "2:1 invalid UTF-16: the file must be UTF-8, or UTF-16 with a byte order mark")
        #expect(failure { try ComposeFileReader.decode([0xFF, 0xFE, 0x00, 0x00], file: "f") }
            == "1:1 yaml: control characters are not allowed")
    }

    @Test("control characters are refused at their line and column", arguments: [
        ([UInt8(0x00)], "1:1"),
        (Array("a: 1\nb: x\u{7}\n".utf8), "2:5"),
        (Array("a: é\u{1B}".utf8), "1:5"),
        (Array("a: \u{85}ok\u{9F}".utf8), "1:7"),
        (Array("a: \u{FFFF}".utf8), "1:4"),
    ])
    func controls(bytes: [UInt8], place: String) {
        #expect(failure { try ComposeFileReader.decode(bytes, file: "f") } == place + " yaml: control characters are not allowed")
    }

    @Test("tab, CR and LF are fine")
    func whitespace() throws {
        #expect(try ComposeFileReader.decode(Array("a:\t1\r\n".utf8), file: "f") == "a:\t1\r\n")
    }

    @Test("malformed UTF-8 is refused", arguments: [
        ([UInt8(0x61), 0xFF], "1:2"),
        ([UInt8(0x0A), 0xC3], "2:1"),
        ([UInt8(0xC0), 0x80], "1:1"),
        ([UInt8(0xED), 0xA0, 0x80], "1:1"),
        ([UInt8(0xE0), 0x80, 0x80], "1:1"),
        ([UInt8(0xF4), 0x90, 0x80, 0x80], "1:1"),
    ])
    func malformed(bytes: [UInt8], place: String) {
        #expect(failure { try ComposeFileReader.decode(bytes, file: "f") }
            == place + " invalid UTF-8: the file must be UTF-8, or UTF-16 with a byte order mark")
    }

    @Test("a missing file, a folder and an oversized file are refused")
    func fileErrors() throws {
        let folder = try temporaryFolder()
        #expect(failure { try ComposeFileReader.read(path: folder + "/none.yaml") }
            == "1:1 open \(folder)/none.yaml: no such file or directory")
        #expect(failure { try ComposeFileReader.read(path: folder) } == "1:1 read \(folder): is a directory")
        let path = try write(Array(repeating: UInt8(ascii: "#"), count: 11))
        let limits = YAMLLimits(maxFileBytes: 10, maxDepth: 10, maxAliasExpansion: 10)
        #expect(failure { try ComposeFileReader.read(path: path, limits: limits) }
            == "1:1 file is too large: 11 bytes (the limit is 10 bytes)")
        #expect(try ComposeFileReader.read(path: path, limits: YAMLLimits(maxFileBytes: 11, maxDepth: 1, maxAliasExpansion: 1))
            == "###########")
    }

    @Test("errors name the file")
    func errorFile() {
        do {
            _ = try ComposeFileReader.decode([0x00], file: "dir/compose.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.diagnostics.first?.location == SourceLocation(file: "dir/compose.yaml", line: 1, column: 1))
        }
    }
}
