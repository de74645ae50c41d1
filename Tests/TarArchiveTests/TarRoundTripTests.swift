import Foundation
import TarArchive
import Testing

@Suite("Tar round trips")
struct TarRoundTripTests {
    static let entries: [(TarEntry, [UInt8])] = [
        (TarEntry(path: "etc/", type: .directory, mode: 0o755, uid: 0, gid: 0, userName: "root", groupName: "root",
                  modificationTime: 1_700_000_000), []),
        (TarEntry(path: "etc/passwd", type: .file, mode: 0o644, uid: 1000, gid: 1001, userName: "alice", groupName: "staff",
                  modificationTime: 1_700_000_001), Array("root:x:0:0\n".utf8)),
        (TarEntry(path: "bin/su", type: .file, mode: 0o4755, modificationTime: 5), [UInt8](repeating: 7, count: 1300)),
        (TarEntry(path: "bin/sh", type: .symlink, mode: 0o777, linkTarget: "busybox"), []),
        (TarEntry(path: "bin/su2", type: .hardlink, mode: 0o4755, linkTarget: "bin/su"), []),
        (TarEntry(path: "dev/null", type: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3), []),
        (TarEntry(path: "dev/sda", type: .blockDevice, mode: 0o660, deviceMajor: 8, deviceMinor: 0), []),
        (TarEntry(path: "run/fifo", type: .fifo, mode: 0o600), []),
        (TarEntry(path: "ping", type: .file, mode: 0o755,
                  xattrs: ["security.capability": [1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                           "user.comment": Array("hello=world\n".utf8)]), Array("x".utf8)),
        (TarEntry(path: String(repeating: "long/", count: 40) + "name.txt", type: .file, mode: 0o600), Array("deep".utf8)),
        (TarEntry(path: "café/naïve.txt", type: .file, mode: 0o644, userName: "üser", groupName: String(repeating: "g", count: 40)), []),
        (TarEntry(path: "link", type: .symlink, mode: 0o777, linkTarget: String(repeating: "t", count: 300)), []),
        (TarEntry(path: "big-ids", type: .file, mode: 0o644, uid: 100_000_000, gid: 3_000_000_000, modificationTime: -86_400), []),
    ]

    static func archive() throws -> [UInt8] {
        try TarTestSupport.write { writer in
            for (entry, data) in entries { try writer.write(entry, data: data) }
            try writer.finish()
        }
    }

    @Test("every entry type, owner, mode, xattr and long or non-ASCII name reads back exactly")
    func roundTrip() throws {
        let bytes = try Self.archive()
        #expect(bytes.count % 512 == 0)
        let members = try TarTestSupport.readAll(bytes)
        #expect(members.count == Self.entries.count)
        for (member, (entry, data)) in zip(members, Self.entries) {
            var expected = entry
            expected.size = Int64(data.count)
            #expect(member.entry == expected)
            #expect(member.data == data)
        }
    }

    @Test("the same entries always give the same bytes")
    func deterministic() throws {
        #expect(try Self.archive() == Self.archive())
    }

    @Test("GNU tar lists the writer's archive with owners, modes, devices and long names")
    func gnuTarReadsIt() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a.tar"
        try Data(try Self.archive()).write(to: URL(fileURLWithPath: path))
        let listing = try TarTestSupport.run(["tar", "--numeric-owner", "-tvf", path])
        let lines = listing.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields[0] + " " + fields[1] + " " + fields.dropFirst(5).joined(separator: " ")
        }
        #expect(lines[0] == "drwxr-xr-x 0/0 etc/")
        #expect(lines[1] == "-rw-r--r-- 1000/1001 etc/passwd")
        #expect(lines[2] == "-rwsr-xr-x 0/0 bin/su")
        #expect(lines[3] == "lrwxrwxrwx 0/0 bin/sh -> busybox")
        #expect(lines[4] == "hrwsr-xr-x 0/0 bin/su2 link to bin/su")
        #expect(lines[9] == "-rw------- 0/0 " + String(repeating: "long/", count: 40) + "name.txt")
        #expect(lines[12] == "-rw-r--r-- 100000000/3000000000 big-ids")
        #expect(lines[5] == "crw-rw-rw- 0/0 dev/null")
        #expect(listing.contains(" 1,3 "))
        #expect(listing.contains("link -> " + String(repeating: "t", count: 300)))
    }

    @Test("bytes fed to the push parser one at a time or in odd pieces give the same events")
    func chunkedFeeding() throws {
        let bytes = try Self.archive()
        func events(pieceSize: Int) throws -> [String] {
            var parser = TarParser()
            var log: [String] = []
            var data: [UInt8] = []
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + pieceSize)
                try parser.feed(bytes[index..<end]) { event in
                    switch event {
                    case .entry(let entry): log.append("entry \(entry.path) \(entry.size)")
                    case .data(let chunk): data += chunk
                    case .entryEnd:
                        log.append("end \(Digestless.sum(data))")
                        data = []
                    }
                }
                index = end
            }
            try parser.finish()
            #expect(parser.isFinished)
            return log
        }
        let whole = try events(pieceSize: bytes.count)
        #expect(whole.count == 2 * Self.entries.count)
        #expect(try events(pieceSize: 1) == whole)
        #expect(try events(pieceSize: 511) == whole)
        #expect(try events(pieceSize: 4097) == whole)
    }

    @Test("a file's data can be written in pieces and read in pieces from a file on disk")
    func streamedData() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let bytes = try TarTestSupport.write { writer in
            try writer.writeHeader(TarEntry(path: "blob", type: .file, size: Int64(content.count)))
            var offset = 0
            while offset < content.count {
                let end = min(content.count, offset + 7_000)
                try writer.writeData(Array(content[offset..<end]))
                offset = end
            }
            try writer.addFile("after", contents: Array("z".utf8))
            try writer.finish()
        }
        let path = directory + "/s.tar"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var reader = try TarReader(path: path)
        defer { reader.close() }
        let blob = try #require(try reader.next())
        #expect(blob.size == 200_000)
        var chunks = 0
        var read: [UInt8] = []
        while let chunk = try reader.readChunk() {
            chunks += 1
            read += chunk
        }
        #expect(read == content)
        #expect(chunks > 1)
        // Unread data is skipped by next().
        #expect(try reader.next()?.path == "after")
        #expect(try reader.next() == nil)
    }

    @Test("a header-only entry of 9 GiB keeps its size through a PAX record")
    func hugeSize() throws {
        let size: Int64 = 9 << 30
        let bytes = try TarTestSupport.write { writer in
            try writer.writeHeader(TarEntry(path: "huge", type: .file, size: size))
        }
        var parser = TarParser()
        var seen: TarEntry?
        try parser.feed(bytes) { event in
            if case .entry(let entry) = event { seen = entry }
        }
        #expect(seen?.size == size)
    }

    @Test("writing more data than declared, or finishing early, is refused")
    func writerMisuse() throws {
        let writer = TarWriter { _ in }
        try writer.writeHeader(TarEntry(path: "f", type: .file, size: 2))
        #expect(throws: TarError.self) { try writer.writeData([1, 2, 3]) }
        #expect(throws: TarError.self) { try writer.finish() }
        #expect(throws: TarError.self) { try TarWriter { _ in }.write(TarEntry(path: "", type: .file)) }
    }
}

/// A cheap content fingerprint for event logs.
enum Digestless {
    static func sum(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return "\(bytes.count):\(hash)"
    }
}
