@testable import EngineEmbedded
import EngineAPI
import Foundation
import Testing

/// Records progress events from concurrent layer tasks.
final class RegistryProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [PullProgress] = []

    var events: [PullProgress] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    func record(_ event: PullProgress) {
        lock.lock()
        storage.append(event)
        lock.unlock()
    }

    func statuses(of id: String) -> [PullProgress.Status] {
        var result = [PullProgress.Status]()
        for event in events where event.id == id && result.last != event.status { result.append(event.status) }
        return result
    }
}

/// A fresh engine state directory, removed afterwards.
func withRegistryStateDirectory(_ body: (ImageStore) async throws -> Void) async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("swift-compose-pull-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    try await body(ImageStore(root: root))
}

@Suite("Image pull and push against a real docker-registry", .enabled(if: RegistryFixture.enabled, RegistryFixture.skipReason))
struct RegistryPullTests {
    func manifest(_ client: RegistryClient, _ fixture: RegistryFixture, _ tag: String) async throws -> (RegistryManifest, OCIManifest) {
        let fetched = try await client.manifest(RegistryRepository(registry: fixture.registry, name: "test/bb"), reference: tag)
        return (fetched, try JSONDecoder().decode(OCIManifest.self, from: Data(fetched.bytes)))
    }

    @Test("pull stores config and layers, tags the image, reports docker's layer states; a re-pull finds them present")
    func pullAndRepull() async throws {
        try await withRegistry(.none) { fixture, client in
            try await withRegistryStateDirectory { store in
                let (fetched, manifest) = try await manifest(client, fixture, "1")
                let log = RegistryProgressLog()
                let puller = ImagePuller(client: client, store: store, platform: OCIPlatform(os: "linux", architecture: "amd64"))
                let reference = try fixture.reference("test/bb:1")
                let record = try await puller.pull(reference, progress: log.record)
                #expect(record.name == "\(fixture.registry)/test/bb:1")
                #expect(record.configDigest == manifest.config.digest)
                #expect(record.manifestDigest == fetched.digest)
                #expect(record.manifestMediaType == OCIMediaType.ociManifest)
                #expect(try store.record(for: reference) == record)
                for layer in manifest.layers {
                    #expect(store.content.size(of: layer.digest) == layer.size)
                    let states = log.statuses(of: layer.digest.shortHex)
                    #expect(states.first == .pullingFsLayer)
                    #expect(states.suffix(2) == [.downloadComplete, .pullComplete])
                    #expect(states.contains(.downloading))
                    let last = log.events.last { $0.id == layer.digest.shortHex && $0.status == .downloading }
                    #expect(last?.current == layer.size && last?.total == layer.size)
                }
                #expect(try store.manifest(of: record) == manifest)

                let again = RegistryProgressLog()
                _ = try await puller.pull(reference, progress: again.record)
                #expect(manifest.layers.map { again.statuses(of: $0.digest.shortHex) } == [[.alreadyExists], [.alreadyExists]])

                let v2 = try await puller.pull(try fixture.reference("test/bb:v2s2"))
                #expect(v2.manifestMediaType == OCIMediaType.dockerManifest)
                #expect(v2.manifestDigest != record.manifestDigest)
            }
        }
    }

    @Test("a multi-platform index: the requested (or host) platform's manifest is pulled; a missing one is named")
    func multiPlatformIndex() async throws {
        try await withRegistry(.none) { fixture, client in
            try await withRegistryStateDirectory { store in
                let repository = RegistryRepository(registry: fixture.registry, name: "test/bb")
                let (amd, amdManifest) = try await manifest(client, fixture, "1")
                let (arm, armManifest) = try await manifest(client, fixture, "arm64")
                let index = OCIIndex(manifests: [
                    OCIDescriptor(mediaType: OCIMediaType.ociManifest, digest: arm.digest, size: Int64(arm.bytes.count),
                                  platform: OCIPlatform(os: "linux", architecture: "arm64", variant: "v8")),
                    OCIDescriptor(mediaType: OCIMediaType.ociManifest, digest: amd.digest, size: Int64(amd.bytes.count),
                                  platform: OCIPlatform(os: "linux", architecture: "amd64")),
                ])
                let bytes = Array(try JSONEncoder().encode(index))
                let indexDigest = try await client.putManifest(repository, reference: "multi", bytes: bytes,
                                                               mediaType: OCIMediaType.ociIndex)
                let reference = try fixture.reference("test/bb:multi")
                let amdRecord = try await ImagePuller(client: client, store: store, platform: OCIPlatform(os: "linux", architecture: "amd64"))
                    .pull(reference)
                #expect(amdRecord.configDigest == amdManifest.config.digest)
                #expect(amdRecord.manifestDigest == indexDigest)
                #expect(amdRecord.manifestMediaType == OCIMediaType.ociIndex)
                #expect(try store.manifest(of: amdRecord) == amdManifest)
                let armRecord = try await ImagePuller(client: client, store: store, platform: OCIPlatform(os: "linux", architecture: "arm64"))
                    .pull(reference)
                #expect(armRecord.configDigest == armManifest.config.digest)
                let hostRecord = try await ImagePuller(client: client, store: store).pull(reference)
                #expect(hostRecord.configDigest == (OCIPlatform.host.architecture == "arm64" ? armManifest : amdManifest).config.digest)
                let error = await #expect(throws: EngineError.self) {
                    try await ImagePuller(client: client, store: store, platform: OCIPlatform(os: "linux", architecture: "s390x")).pull(reference)
                }
                #expect(error?.code == .notFound)
                #expect(error?.message == "pull \(reference): no image for platform linux/s390x in index \(indexDigest) "
                    + "(it has: linux/arm64/v8, linux/amd64)")
            }
        }
    }

    @Test("a corrupted blob in the registry is rejected and nothing is tagged")
    func corruptedBlob() async throws {
        try await withRegistry(.none) { fixture, client in
            try await withRegistryStateDirectory { store in
                let (_, manifest) = try await manifest(client, fixture, "1")
                let layer = try #require(manifest.layers.max { $0.size < $1.size })
                let path = fixture.storedBlobPath(layer.digest)
                var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
                bytes[bytes.count / 2] ^= 0xff
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let reference = try fixture.reference("test/bb:1")
                let error = await #expect(throws: EngineError.self) { try await ImagePuller(client: client, store: store).pull(reference) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.hasPrefix("pull \(reference): \(fixture.registry)/test/bb: blob \(layer.digest): digest mismatch") == true)
                #expect(try store.record(for: reference) == nil)
                #expect(try store.records().isEmpty)
                #expect(!store.content.contains(layer.digest))
            }
        }
    }

    @Test("an interrupted pull is resumed from the partial download; a cancelled pull tags nothing and a rerun completes")
    func interruptedPullResumes() async throws {
        try await withRegistry(.none) { fixture, client in
            try await withRegistryStateDirectory { store in
                let (_, manifest) = try await manifest(client, fixture, "1")
                let layer = try #require(manifest.layers.max { $0.size < $1.size })
                let whole = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.storedBlobPath(layer.digest))))
                do {
                    // What a killed pull leaves: an ingest with most of the layer, never committed.
                    let ingest = try store.content.ingest(expected: layer.digest, size: layer.size)
                    try ingest.write(Array(whole.prefix(whole.count - 1000)))
                }
                let reference = try fixture.reference("test/bb:1")
                let log = RegistryProgressLog()
                let record = try await ImagePuller(client: client, store: store).pull(reference, progress: log.record)
                #expect(record.configDigest == manifest.config.digest)
                let downloads = log.events.filter { $0.id == layer.digest.shortHex && $0.status == .downloading }.map(\.current)
                // Only the last 1000 bytes travelled: the first progress report is already the whole size.
                #expect(downloads == [layer.size])
                #expect(store.content.size(of: layer.digest) == layer.size)

                let other = try fixture.reference("test/bb:v2s2")
                let task = Task { try await ImagePuller(client: client, store: store).pull(other) }
                task.cancel()
                let outcome = await task.result
                if case .failure = outcome { #expect(try store.record(for: other) == nil) }
                let rerun = try await ImagePuller(client: client, store: store).pull(other)
                #expect(try store.record(for: other) == rerun)
            }
        }
    }

    @Test("push to another repository uploads the missing blobs and the exact manifest; a re-pull by digest matches")
    func pushAndPullByDigest() async throws {
        try await withRegistry(.none) { fixture, client in
            try await withRegistryStateDirectory { store in
                let record = try await ImagePuller(client: client, store: store).pull(try fixture.reference("test/bb:1"))
                let target = try fixture.reference("other/copy:2")
                let log = RegistryProgressLog()
                let pusher = ImagePusher(client: client, store: store)
                let digest = try await pusher.push(record, to: target, progress: log.record)
                #expect(digest == record.manifestDigest)
                let manifest = try #require(try store.manifest(of: record))
                for blob in [manifest.config] + manifest.layers {
                    #expect(log.statuses(of: blob.digest.shortHex) == [.preparing, .pushing, .pushed])
                }
                let again = RegistryProgressLog()
                _ = try await pusher.push(record, to: target, progress: again.record)
                #expect(again.statuses(of: manifest.config.digest.shortHex) == [.preparing, .layerAlreadyExists])

                let mountLog = RegistryProgressLog()
                let mountedDigest = try await pusher.push(record, to: try fixture.reference("third/copy:3"),
                                                          mountFrom: RegistryRepository(registry: fixture.registry, name: "test/bb"),
                                                          progress: mountLog.record)
                #expect(mountedDigest == digest)
                for blob in [manifest.config] + manifest.layers {
                    #expect(mountLog.statuses(of: blob.digest.shortHex) == [.preparing, .pushing, .mounted])
                }

                try await withRegistryStateDirectory { fresh in
                    let byDigest = try #require(ImageReference(parsing: "\(fixture.registry)/other/copy@\(digest)"))
                    let pulled = try await ImagePuller(client: client, store: fresh).pull(byDigest)
                    #expect(pulled.configDigest == record.configDigest)
                    #expect(pulled.manifestDigest == digest)
                }
            }
        }
    }

    @Test("basic auth: pull and push with credentials from the docker config")
    func basicAuthPullPush() async throws {
        try await withRegistry(.basic) { fixture, client in
            try await withRegistryStateDirectory { store in
                let record = try await ImagePuller(client: client, store: store).pull(try fixture.reference("test/bb:1"))
                let digest = try await ImagePusher(client: client, store: store).push(record, to: try fixture.reference("test/pushed:1"))
                #expect(digest == record.manifestDigest)
            }
        }
    }

    @Test("bearer tokens: pull with a pull-scoped token, push with a pull,push-scoped one")
    func tokenAuthPullPush() async throws {
        try await withRegistry(.token) { fixture, client in
            try await withRegistryStateDirectory { store in
                let start = try RegistryIntegrationTests().tokenRequests(fixture).count
                let record = try await ImagePuller(client: client, store: store).pull(try fixture.reference("test/bb:1"))
                let digest = try await ImagePusher(client: client, store: store).push(record, to: try fixture.reference("test/pushed:1"))
                #expect(digest == record.manifestDigest)
                let scopes = try RegistryIntegrationTests().tokenRequests(fixture).dropFirst(start).map { request in
                    request.query.split(separator: "&").first { $0.hasPrefix("scope=") }.map { $0.dropFirst(6).removingPercentEncoding ?? "" }
                }
                #expect(Set(scopes) == [Optional("repository:test/bb:pull"), Optional("repository:test/pushed:pull,push")])
            }
        }
    }
}
