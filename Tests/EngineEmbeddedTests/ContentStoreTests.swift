import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// A unique temporary directory, removed by `remove()`.
struct StoreTestDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "swift-compose-store-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: "\(path)/\(relative)") }

    func contents(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(path)/\(relative)")) ?? []).sorted()
    }
}

@Suite("Content store: blobs and resumable ingest")
struct ContentStoreTests {
    let hello = Array("hello".utf8)
    let helloDigest = Digest(parsing: "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")

    @Test("put stores a blob under blobs/sha256/<hex>; data reads it back; remove deletes it")
    func putAndRead() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let expected = try #require(helloDigest)
        #expect(!store.contains(expected))
        let digest = try store.put(hello)
        #expect(digest == expected)
        #expect(store.path(of: digest) == "\(dir.path)/content/blobs/sha256/\(expected.hex)")
        #expect(store.contains(digest))
        #expect(store.size(of: digest) == 5)
        #expect(try store.data(of: digest) == hello)
        #expect(try store.put(hello, expected: expected) == expected)
        #expect(try store.allDigests() == [expected])
        #expect(dir.contents("content/blobs/sha256") == [expected.hex])
        try store.remove(digest)
        try store.remove(digest)
        #expect(!store.contains(digest))
        #expect(try store.allDigests() == [])
    }

    @Test("put refuses content whose digest differs from the expected one, naming both")
    func putMismatch() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let wrong = try #require(Digest(parsing: "sha256:" + String(repeating: "0", count: 64)))
        let error = #expect(throws: EngineError.self) { try store.put(hello, expected: wrong) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "blob \(wrong): digest mismatch: expected \(wrong), got \(try #require(helloDigest)) (5 bytes)")
        #expect(try store.allDigests() == [])
    }

    @Test("a blob corrupted on disk (one byte flipped) is rejected on read and removed")
    func corruptedBlob() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let digest = try store.put(Array("{\"schemaVersion\":2}".utf8))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: store.path(of: digest)))
        bytes[3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: store.path(of: digest)))
        let error = #expect(throws: EngineError.self) { try store.data(of: digest) }
        #expect(error?.code == .internalError)
        #expect(error?.message.hasPrefix("blob \(digest): corrupt on disk (content hashes to sha256:") == true)
        #expect(!store.contains(digest))
        let missing = #expect(throws: EngineError.self) { try store.data(of: digest) }
        #expect(missing?.code == .notFound)
    }

    @Test("an interrupted ingest is resumed from its offset and the whole file is verified")
    func resume() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let digest = Digest.sha256(of: payload)
        do {
            let first = try store.ingest(expected: digest, size: Int64(payload.count))
            #expect(first.offset == 0)
            try first.write(Array(payload[0..<40_000]))
            #expect(first.offset == 40_000)
            // Dropped without commit or discard: what a killed process leaves.
        }
        #expect(dir.contents("content/ingest/\(digest.hex)") == ["data", "lock"])
        let second = try store.ingest(expected: digest, size: Int64(payload.count))
        #expect(second.offset == 40_000)
        try payload[40_000...].withUnsafeBytes { try second.write($0) }
        let path = try second.commit()
        #expect(path == store.path(of: digest))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(payload))
        #expect(dir.contents("content/ingest") == [])
        #expect(try second.commit() == path)
    }

    @Test("a resumed ingest whose earlier data is wrong fails the digest check, is discarded, and restarts at 0")
    func resumeCorruptPartial() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let payload = Array(repeating: UInt8(7), count: 1000)
        let digest = Digest.sha256(of: payload)
        try FileManager.default.createDirectory(atPath: "\(dir.path)/content/ingest/\(digest.hex)", withIntermediateDirectories: true)
        try Data(repeating: 8, count: 600).write(to: URL(fileURLWithPath: "\(dir.path)/content/ingest/\(digest.hex)/data"))
        let ingest = try store.ingest(expected: digest, size: 1000)
        #expect(ingest.offset == 600)
        try ingest.write(Array(payload[600...]))
        let error = #expect(throws: EngineError.self) { try ingest.commit() }
        #expect(error?.message.hasPrefix("blob \(digest): digest mismatch: expected \(digest), got sha256:") == true)
        #expect(error?.message.hasSuffix("(1000 bytes); data discarded") == true)
        #expect(!store.contains(digest))
        #expect(dir.contents("content/ingest") == [])
        let retry = try store.ingest(expected: digest, size: 1000)
        #expect(retry.offset == 0)
        try retry.write(payload)
        try retry.commit()
        #expect(try store.data(of: digest) == payload)
    }

    @Test("writing more than the expected size or committing short data is a size mismatch")
    func sizeMismatch() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let digest = Digest.sha256(of: hello)
        let long = try store.ingest(expected: digest, size: 4)
        let tooLong = #expect(throws: EngineError.self) { try long.write(hello) }
        #expect(tooLong?.message == "blob \(digest): size mismatch: expected 4 bytes, got at least 5; data discarded")
        #expect(dir.contents("content/ingest") == [])
        let short = try store.ingest(expected: digest, size: 6)
        try short.write(hello)
        let tooShort = #expect(throws: EngineError.self) { try short.commit() }
        #expect(tooShort?.message == "blob \(digest): size mismatch: expected 6 bytes, got 5; data discarded")
        #expect(!store.contains(digest))
    }

    @Test("a second writer of the same ingest is refused as transient while the first holds it")
    func exclusiveIngest() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let digest = Digest.sha256(of: hello)
        let first = try store.ingest(expected: digest, size: nil)
        let error = #expect(throws: EngineError.self) { try store.ingest(expected: digest, size: nil) }
        #expect(error?.code == .unavailable)
        #expect(error?.isTransient == true)
        #expect(error?.message == "blob \(digest): another writer is ingesting it")
        try first.write(hello)
        try first.commit()
        let later = try store.ingest(expected: digest, size: 5)
        #expect(later.offset == 5)
        #expect(try later.commit() == store.path(of: digest))
        #expect(try store.data(of: digest) == hello)
    }

    @Test("discard removes the ingest directory")
    func discard() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let digest = Digest.sha256(of: hello)
        let ingest = try store.ingest(expected: digest, size: 5)
        try ingest.write(Array(hello[0..<2]))
        ingest.discard()
        ingest.discard()
        #expect(dir.contents("content/ingest") == [])
        #expect(throws: EngineError.self) { try ingest.write(hello) }
        #expect(try store.ingest(expected: digest, size: 5).offset == 0)
    }

    @Test("concurrent puts of the same content all succeed and leave one intact blob, no temp files")
    func concurrentPut() async throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 / 7) }
        let digests = try await withThrowingTaskGroup(of: Digest.self) { group in
            for _ in 0..<8 { group.addTask { try store.put(payload) } }
            var all = [Digest]()
            for try await digest in group { all.append(digest) }
            return all
        }
        #expect(Set(digests) == [Digest.sha256(of: payload)])
        #expect(try store.data(of: Digest.sha256(of: payload)) == payload)
        #expect(dir.contents("content/blobs/sha256") == [Digest.sha256(of: payload).hex])
    }

    @Test("an ingest locked by another process is refused until that process lets go", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"), "needs /usr/bin/flock"))
    func otherProcess() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        let store = ContentStore(root: "\(dir.path)/content")
        let digest = Digest.sha256(of: hello)
        let lockPath = "\(dir.path)/content/ingest/\(digest.hex)/lock"
        try FileManager.default.createDirectory(atPath: "\(dir.path)/content/ingest/\(digest.hex)", withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // Holds the lock until its stdin closes.
        holder.arguments = ["-x", lockPath, "sh", "-c", "echo held; read line"]
        let output = Pipe()
        let input = Pipe()
        holder.standardOutput = output
        holder.standardInput = input
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let line = output.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self) == "held\n")
        let error = #expect(throws: EngineError.self) { try store.ingest(expected: digest, size: 5) }
        #expect(error?.code == .unavailable)
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let ingest = try store.ingest(expected: digest, size: 5)
        try ingest.write(hello)
        try ingest.commit()
        #expect(store.contains(digest))
    }
}
