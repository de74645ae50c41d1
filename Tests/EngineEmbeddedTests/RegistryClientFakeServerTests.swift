@testable import EngineEmbedded
import EngineAPI
import Foundation
import Testing

/// Support/registry/fake_registry.py on 127.0.0.1: scripted failures a real registry does not produce on demand.
final class FakeRegistry: @unchecked Sendable {
    let work: String
    let pid: pid_t
    let port: Int
    let blobDigest: Digest
    let manifestDigest: Digest

    static var available: Bool { RegistryFixture.onPath("python3") }

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("swift-compose-fakereg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        pid = try RegistryFixtureProcess.spawn(["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Support/registry/fake_registry.py").path, work])
        var fields: [String] = []
        for _ in 0..<400 {
            if let text = try? String(contentsOfFile: work + "/port", encoding: .utf8) {
                fields = text.split(separator: " ").map(String.init)
                break
            }
            Thread.sleep(forTimeInterval: 0.025)
        }
        guard fields.count == 3, let port = Int(fields[0]), let blob = Digest(parsing: fields[1]),
              let manifest = Digest(parsing: fields[2]) else {
            RegistryFixtureProcess.kill(pid)
            throw RegistryFixture.FixtureError(message: "fake registry did not start")
        }
        self.port = port
        blobDigest = blob
        manifestDigest = manifest
    }

    deinit {
        RegistryFixtureProcess.kill(pid)
        try? FileManager.default.removeItem(atPath: work)
    }

    var registry: String { "127.0.0.1:\(port)" }

    func repository(_ name: String) -> RegistryRepository { RegistryRepository(registry: registry, name: name) }

    struct Request: Decodable {
        var path: String
        var host: String
        var range: String?
        var auth: String?
    }

    func requests() throws -> [Request] {
        let text = (try? String(contentsOfFile: work + "/requests.log", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    func client(credentials: RegistryCredentials = RegistryCredentials(), attempts: Int = 4) -> RegistryClient {
        RegistryClient(hosts: RegistryHosts(insecure: []), credentials: credentials,
                       retry: RegistryRetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(10)))
    }
}

func withFakeRegistry(credentials: RegistryCredentials = RegistryCredentials(), attempts: Int = 4,
                      _ body: (FakeRegistry, RegistryClient) async throws -> Void) async throws {
    let fake = try await RegistryFixture.offPool { try FakeRegistry() }
    let client = fake.client(credentials: credentials, attempts: attempts)
    do {
        try await body(fake, client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
}

@Suite("Registry client against a scripted fake registry", .enabled(if: FakeRegistry.available, "needs python3"))
struct RegistryClientFakeServerTests {
    static let blob: [UInt8] = (0..<400).flatMap { _ in (0...255).map { UInt8($0) } }

    @Test("a download cut midway is continued with a Range request from where it stopped, and verified")
    func brokenDownloadResumes() async throws {
        try await withFakeRegistry { fake, client in
            let sink = RegistryCollectingSink()
            let result = try await client.fetchBlob(fake.repository("flaky"), digest: fake.blobDigest, size: 102_400, into: sink)
            #expect(sink.bytes == Self.blob)
            #expect(result.verified)
            #expect(result.received == 102_400)
            let ranges = try fake.requests().filter { $0.path.hasPrefix("/v2/flaky/") }.map(\.range)
            #expect(ranges.count == 2)
            #expect(ranges.first == .some(nil))
            let second = try #require(ranges.last ?? nil)
            let offset = try #require(Int(second.dropFirst("bytes=".count).dropLast()))
            #expect(offset > 0 && offset <= 50_000)
        }
    }

    @Test("a server that ignores Range makes the sink restart from zero")
    func ignoredRangeRestarts() async throws {
        try await withFakeRegistry { fake, client in
            let sink = RegistryCollectingSink(prefix: Array(Self.blob.prefix(7000)))
            let result = try await client.fetchBlob(fake.repository("norange"), digest: fake.blobDigest, size: 102_400, into: sink)
            #expect(sink.restarts == 1)
            #expect(sink.bytes == Self.blob)
            #expect(result.verified)
            let ranges = try fake.requests().map(\.range)
            #expect(ranges == ["bytes=7000-"])
        }
    }

    @Test("a blob whose bytes do not hash to its digest is rejected, naming the blob")
    func corruptBlob() async throws {
        try await withFakeRegistry { fake, client in
            let error = await #expect(throws: EngineError.self) {
                try await client.fetchBlob(fake.repository("corrupt"), digest: fake.blobDigest, size: 102_400, into: RegistryCollectingSink())
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.hasPrefix("\(fake.registry)/corrupt: blob \(fake.blobDigest): digest mismatch") == true)
        }
    }

    @Test("a redirect to another host is followed without the registry's Authorization")
    func redirectDropsAuthorization() async throws {
        let fake = try await RegistryFixture.offPool { try FakeRegistry() }
        let client = fake.client(credentials: RegistryCredentials(auths: [fake.registry: .basic(username: "u", password: "p")]))
        do {
            let sink = RegistryCollectingSink()
            try await client.fetchBlob(fake.repository("redirect"), digest: fake.blobDigest, size: 102_400, into: sink)
            #expect(sink.bytes == Self.blob)
            let requests = try fake.requests()
            #expect(requests.map(\.path) == ["/v2/redirect/blobs/\(fake.blobDigest)", "/v2/redirect/blobs/\(fake.blobDigest)", "/cdn/blob?sig=1"])
            #expect(requests.map { $0.auth != nil } == [false, true, false])
            #expect(requests.last?.host == "localhost:\(fake.port)")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("503 and 429 are retried with backoff; a digest header that does not match the body is refused")
    func retriesAndDigestHeader() async throws {
        try await withFakeRegistry { fake, client in
            let manifest = try await client.manifest(fake.repository("busy"), reference: "x")
            #expect(manifest.digest == fake.manifestDigest)
            let attempts = try fake.requests().filter { $0.path == "/v2/busy/manifests/x" }.count
            #expect(attempts == 3)
            let error = await #expect(throws: EngineError.self) { _ = try await client.manifest(fake.repository("bad"), reference: "x") }
            #expect(error?.message == "\(fake.registry)/bad: manifest x: digest mismatch: expected sha256:\(String(repeating: "0", count: 64)), "
                + "got \(fake.manifestDigest)")
        }
    }

    @Test("retries are bounded: a registry that stays down fails with its code after maxAttempts")
    func boundedRetries() async throws {
        try await withFakeRegistry(attempts: 3) { fake, client in
            let error = await #expect(throws: EngineError.self) { _ = try await client.manifest(fake.repository("down"), reference: "x") }
            #expect(error?.code == .unavailable)
            #expect(error?.message == "\(fake.registry)/down: manifest x: UNAVAILABLE: down for maintenance")
            let attempts = try fake.requests().filter { $0.path == "/v2/down/manifests/x" }.count
            #expect(attempts == 3)
        }
    }

    @Test("a refused connection is retried, then reported as unavailable naming the host")
    func connectionRefused() async throws {
        let client = RegistryClient(hosts: RegistryHosts(insecure: []), retry: RegistryRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
        let error = await #expect(throws: EngineError.self) {
            _ = try await client.manifest(RegistryRepository(registry: "127.0.0.1:1", name: "a/b"), reference: "x")
        }
        try await client.shutdown()
        #expect(error?.code == .unavailable)
        #expect(error?.message == "127.0.0.1:1/a/b: manifest x: cannot reach 127.0.0.1:1")
    }
}
