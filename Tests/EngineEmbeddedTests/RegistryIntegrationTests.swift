@testable import EngineEmbedded
import EngineAPI
import Foundation
import Testing

/// A docker-registry on 127.0.0.1 in a temp dir, started by Support/registry/registry.sh (no auth, htpasswd or
/// token auth with a local token service), holding test images made with umoci and pushed with skopeo.
struct RegistryFixture {
    enum Auth: String { case none, basic, token }

    let work: String
    let port: Int
    let auth: Auth

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/registry/registry.sh").path

    /// Integration tests need SWIFT_COMPOSE_IT to contain `embedded` and the tools on PATH.
    static var enabled: Bool {
        guard (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded") else { return false }
        return ["docker-registry", "skopeo", "umoci", "htpasswd", "openssl", "python3", "curl"].allSatisfy(onPath)
    }

    static let skipReason: Comment = "needs SWIFT_COMPOSE_IT containing 'embedded' and docker-registry, skopeo, umoci, htpasswd, openssl, python3, curl"

    static func onPath(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)")
        }
    }

    /// Starts a registry with `auth` and pushes the test images to `repository` (tags 1, v2s2, arm64).
    static func start(_ auth: Auth, repository: String = "test/bb") async throws -> RegistryFixture {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swift-compose-registry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        do {
            let output = try await run(["start", work, auth.rawValue])
            guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw FixtureError(message: "registry.sh start printed \(output)")
            }
            let fixture = RegistryFixture(work: work, port: port, auth: auth)
            do {
                try await run(["image", work, "\(port)", repository] + (auth == .none ? [] : ["user:pass"]))
            } catch {
                fixture.stop()
                throw error
            }
            return fixture
        } catch {
            stop(work: work)
            throw error
        }
    }

    /// Kills the registry (and token service) and removes the work directory.
    func stop() { Self.stop(work: work) }

    /// SIGKILL by pid file: children of the test runner may inherit a signal mask that blocks SIGTERM.
    static func stop(work: String) {
        for name in ["registry.pid", "token.pid"] {
            if let text = try? String(contentsOfFile: "\(work)/\(name)", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 {
                kill(pid, SIGKILL)
            }
        }
        try? FileManager.default.removeItem(atPath: work)
    }

    var registry: String { "127.0.0.1:\(port)" }

    func reference(_ text: String) throws -> ImageReference {
        try #require(ImageReference(parsing: "\(registry)/\(text)"))
    }

    /// A client with this fixture's credentials (basic user:pass for both auth modes).
    func client(credentials: Bool = true) -> RegistryClient {
        let lookup: [String: RegistryCredentials.Lookup] = credentials && auth != .none
            ? [registry: .basic(username: "user", password: "pass")] : [:]
        return RegistryClient(hosts: RegistryHosts(insecure: []), credentials: RegistryCredentials(auths: lookup),
                              retry: RegistryRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50)))
    }

    /// The blob files of the registry's storage (for corrupting one).
    func storedBlobPath(_ digest: Digest) -> String {
        "\(work)/storage/docker/registry/v2/blobs/sha256/\(digest.hex.prefix(2))/\(digest.hex)/data"
    }

    /// Runs registry.sh and returns what it wrote to WORKDIR/out. Output goes through a file, not a pipe: a
    /// daemon spawned concurrently by another test could inherit a pipe's write end and keep it open forever.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        let status = try await RegistryFixtureProcess.run(["/bin/bash", script] + arguments)
        guard status == 0 else {
            throw FixtureError(message: "registry.sh \(arguments.joined(separator: " ")) exited \(status)")
        }
        return (try? String(contentsOfFile: arguments[1] + "/out", encoding: .utf8)) ?? ""
    }

    /// Runs blocking fixture work on its own thread, keeping the test runner's few pool threads free.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Runs `body` against a fresh fixture and a client for it; stops both whatever happens.
func withRegistry(_ auth: RegistryFixture.Auth, credentials: Bool = true,
                  _ body: (RegistryFixture, RegistryClient) async throws -> Void) async throws {
    let fixture = try await RegistryFixture.start(auth)
    defer { fixture.stop() }
    let client = fixture.client(credentials: credentials)
    do {
        try await body(fixture, client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
}

/// Collects a blob in memory (tests only).
final class RegistryCollectingSink: RegistryBlobSink {
    var bytes: [UInt8] = []
    var restarts = 0
    init(prefix: [UInt8] = []) { bytes = prefix }
    var offset: Int64 { Int64(bytes.count) }
    func write(_ chunk: UnsafeRawBufferPointer) throws(EngineError) { bytes.append(contentsOf: chunk) }
    func restart() throws(EngineError) {
        restarts += 1
        bytes.removeAll()
    }
}

@Suite("Registry client against a real docker-registry", .enabled(if: RegistryFixture.enabled, RegistryFixture.skipReason))
struct RegistryIntegrationTests {
    /// Fetches tag 1 (manifest, config, layers) with `client` and checks each digest.
    func fetchImage(_ client: RegistryClient, _ fixture: RegistryFixture) async throws -> (RegistryManifest, OCIManifest) {
        let repository = RegistryRepository(registry: fixture.registry, name: "test/bb")
        let fetched = try await client.manifest(repository, reference: "1")
        #expect(fetched.mediaType == OCIMediaType.ociManifest)
        let manifest = try JSONDecoder().decode(OCIManifest.self, from: Data(fetched.bytes))
        #expect(manifest.layers.count == 2)
        let config = try await client.blobBytes(repository, digest: manifest.config.digest, size: manifest.config.size)
        #expect(Digest.sha256(of: config) == manifest.config.digest)
        for layer in manifest.layers {
            let sink = RegistryCollectingSink()
            let result = try await client.fetchBlob(repository, digest: layer.digest, size: layer.size, into: sink)
            #expect(result.verified)
            #expect(Int64(sink.bytes.count) == layer.size)
        }
        return (fetched, manifest)
    }

    @Test("no auth: ping, OCI and schema-2 manifests with digests, blobs verified, unknown tag names its code")
    func noAuth() async throws {
        try await withRegistry(.none) { fixture, client in
            try await client.ping(fixture.registry)
            let (fetched, _) = try await fetchImage(client, fixture)
            let repository = RegistryRepository(registry: fixture.registry, name: "test/bb")
            let byDigest = try await client.manifest(repository, reference: fetched.digest.description)
            #expect(byDigest.bytes == fetched.bytes)
            let v2 = try await client.manifest(repository, reference: "v2s2")
            #expect(v2.mediaType == OCIMediaType.dockerManifest)
            let headDigest = try await client.manifestDigest(repository, reference: "1")
            #expect(headDigest == fetched.digest)
            let missing = try await client.manifestDigest(repository, reference: "nope")
            #expect(missing == nil)
            let error = await #expect(throws: EngineError.self) { _ = try await client.manifest(repository, reference: "nope") }
            #expect(error?.code == .notFound)
            #expect(error?.message == "\(fixture.registry)/test/bb: manifest nope: MANIFEST_UNKNOWN: manifest unknown")
        }
    }

    @Test("a partial download resumes with a Range request; a wrong prefix fails the digest check")
    func resume() async throws {
        try await withRegistry(.none) { fixture, client in
            let repository = RegistryRepository(registry: fixture.registry, name: "test/bb")
            let manifest = try JSONDecoder().decode(OCIManifest.self, from: Data(try await client.manifest(repository, reference: "1").bytes))
            let layer = try #require(manifest.layers.max { $0.size < $1.size })
            let whole = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.storedBlobPath(layer.digest))))
            let sink = RegistryCollectingSink(prefix: Array(whole.prefix(1000)))
            let result = try await client.fetchBlob(repository, digest: layer.digest, size: layer.size, into: sink)
            #expect(result.resumedFrom == 1000)
            #expect(result.received == layer.size - 1000)
            #expect(sink.restarts == 0)
            #expect(sink.bytes == whole)
            #expect(!result.verified)
        }
    }

    @Test("basic auth: credentials from the config are sent; without them the error says so")
    func basicAuth() async throws {
        try await withRegistry(.basic) { fixture, client in
            try await client.ping(fixture.registry)
            _ = try await fetchImage(client, fixture)
            let anonymous = fixture.client(credentials: false)
            let error = await #expect(throws: EngineError.self) {
                _ = try await anonymous.manifest(RegistryRepository(registry: fixture.registry, name: "test/bb"), reference: "1")
            }
            try await anonymous.shutdown()
            #expect(error?.code.rawValue == "unauthorized")
            #expect(error?.message.contains("asks for credentials (basic auth) and the docker config has none for it") == true)
            let wrong = RegistryClient(hosts: RegistryHosts(insecure: []), credentials: RegistryCredentials(
                auths: [fixture.registry: .basic(username: "user", password: "wrong")]))
            let refused = await #expect(throws: EngineError.self) {
                _ = try await wrong.manifest(RegistryRepository(registry: fixture.registry, name: "test/bb"), reference: "1")
            }
            try await wrong.shutdown()
            #expect(refused?.code.rawValue == "unauthorized")
            #expect(refused?.message.hasPrefix("\(fixture.registry)/test/bb: manifest 1: UNAUTHORIZED") == true)
        }
    }

    @Test("bearer tokens: fetched from the realm with the pull scope and basic credentials, cached per scope")
    func bearerAuth() async throws {
        try await withRegistry(.token) { fixture, client in
            let before = try tokenRequests(fixture).count
            _ = try await fetchImage(client, fixture)
            let requests = try tokenRequests(fixture).dropFirst(before)
            // One token for the pull scope, reused for the manifest, config and both layers.
            #expect(requests.count == 1)
            #expect(requests.first?.query.contains("scope=repository%3Atest%2Fbb%3Apull") == true
                || requests.first?.query.contains("scope=repository:test/bb:pull") == true)
            #expect(requests.first?.query.contains("service=test-registry") == true)
            #expect(requests.first?.basic == true)
            let helper = RegistryClient(hosts: RegistryHosts(insecure: []),
                                        credentials: RegistryCredentials(credsStore: "desktop"))
            let error = await #expect(throws: EngineError.self) {
                _ = try await helper.manifest(RegistryRepository(registry: fixture.registry, name: "test/bb"), reference: "1")
            }
            try await helper.shutdown()
            #expect(error?.message.contains("credential helper 'desktop', which is not supported yet") == true)
        }
    }

    struct TokenRequest: Decodable {
        var path: String
        var query: String
        var basic: Bool
    }

    func tokenRequests(_ fixture: RegistryFixture) throws -> [TokenRequest] {
        let text = (try? String(contentsOfFile: fixture.work + "/token.log", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(TokenRequest.self, from: Data($0.utf8)) }
    }
}
