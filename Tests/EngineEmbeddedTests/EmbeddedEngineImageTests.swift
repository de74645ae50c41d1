import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// The embedded engine's image calls over a store holding synthetic images (config + empty layer list).
@Suite("Embedded engine: image lookups and removal")
struct EmbeddedEngineImageTests {
    static func engine() throws -> (EmbeddedEngine, String) {
        let state = NSTemporaryDirectory() + "swc-emb-engine-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        return (EmbeddedEngine(stateDirectory: state), state)
    }

    static func add(_ engine: EmbeddedEngine, _ name: String, label: String) throws -> ImageRecord {
        var config = OCIImageConfig(architecture: "amd64", os: "linux", created: "2026-11-29T10:00:00Z")
        config.config?.labels = ["which": label]
        return try engine.images.add(config: config, layers: [], reference: ImageReference(parsing: name))
    }

    @Test("lookups by name, full id and id prefix; inspect lists every name; absent is nil")
    func lookups() async throws {
        let (engine, state) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let record = try Self.add(engine, "demo/app:1", label: "a")
        _ = try engine.images.tag(try #require(ImageReference(parsing: "demo/app:latest")), record)
        #expect(try await engine.imageID("demo/app:1") == record.id)
        #expect(try await engine.imageID(record.id) == record.id)
        #expect(try await engine.imageID(String(record.configDigest.hex.prefix(12))) == record.id)
        #expect(try await engine.imageID("demo/other:1") == nil)
        let details = try #require(try await engine.inspectImage("demo/app:1"))
        #expect(details.references == ["docker.io/demo/app:1", "docker.io/demo/app:latest"])
        #expect(details.platform == "linux/amd64")
        #expect(details.created == "2026-11-29T10:00:00Z")
        #expect(try await engine.imageIDs(["demo/app:1", "absent:1"]) == ["demo/app:1": record.id])
    }

    @Test("removing a name untags; removing an id with several names needs force; then the blobs are collected")
    func removal() async throws {
        let (engine, state) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let record = try Self.add(engine, "demo/app:1", label: "b")
        _ = try engine.images.tag(try #require(ImageReference(parsing: "demo/app:2")), record)
        try await engine.removeImage("demo/app:2", force: false)
        #expect(try await engine.imageID("demo/app:2") == nil)
        #expect(try await engine.imageID("demo/app:1") == record.id)
        _ = try engine.images.tag(try #require(ImageReference(parsing: "demo/app:3")), record)
        do {
            try await engine.removeImage(record.id, force: false)
            Issue.record("removing an id with two names succeeded without force")
        } catch {
            #expect(error.code == .conflict)
        }
        try await engine.removeImage(record.id, force: true)
        #expect(try await engine.imageID("demo/app:1") == nil)
        #expect(try await engine.imageID("demo/app:3") == nil)
        #expect(try engine.images.content.allDigests().isEmpty)
        do {
            try await engine.removeImage("demo/app:1", force: false)
            Issue.record("removing an absent image succeeded")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test("without runc and the CNI plugins, creating a network or a container says what to install; observations are empty")
    func missingRuntime() async throws {
        let state = NSTemporaryDirectory() + "swc-emb-engine-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: state) }
        var runtime = EmbeddedRuntime.discover()
        runtime.runc = state + "/no-runc"
        runtime.cniPlugins = state + "/no-cni"
        let engine = EmbeddedEngine(stateDirectory: state, runtime: runtime)
        #expect(engine.capabilities.containers)
        #expect(engine.capabilities.build)
        try await engine.ping()
        #expect(try await engine.observe(project: "demo") == ObservedState())
        do {
            _ = try await engine.createNetwork(NetworkSpec(name: "demo_default"))
            Issue.record("creating a network succeeded")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("apt-get install runc"), "\(error)")
            #expect(error.message.contains("containernetworking-plugins"), "\(error)")
        }
        do {
            _ = try await engine.createContainer(ContainerSpec(name: "demo-web-1", image: "demo/app:1"))
            Issue.record("creating a container succeeded")
        } catch {
            #expect(error.code == .unavailable)
        }
    }
}
