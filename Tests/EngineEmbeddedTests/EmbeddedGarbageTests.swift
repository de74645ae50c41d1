import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// `collectContainerGarbage` (`compose engine prune`) on real containers (root; `SWIFT_COMPOSE_IT=embedded`).
@Suite("Embedded engine: container garbage", .enabled(if: EmbeddedTestEngine.enabled), .serialized)
struct EmbeddedGarbageTests {
    @Test("a container that exited by itself gives back its namespace, ports and mount; a create that never wrote its record goes")
    func garbage() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        var spec = ContainerSpec(name: "\(project)-once-1", image: EmbeddedTestEngine.image)
        spec.labels = [OwnershipLabels.project: project]
        spec.command = ["true"]
        spec.ports = [PortBinding(containerPort: 80, hostIP: "127.0.0.1")]
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        #expect(try await engine.waitContainer(id) == 0)
        let namespace = "/run/netns/swc-\(id)"
        #expect(FileManager.default.fileExists(atPath: namespace))
        let orphan = engine.containers.bundle(of: String(repeating: "ab", count: 32))
        try FileManager.default.createDirectory(atPath: orphan + "/rootfs", withIntermediateDirectories: true)

        let freed = try engine.collectContainerGarbage()
        #expect(freed.contains { $0.contains("\(project)-once-1") }, "\(freed)")
        #expect(freed.contains { $0.contains("did not finish") }, "\(freed)")
        #expect(!FileManager.default.fileExists(atPath: namespace))
        #expect(!FileManager.default.fileExists(atPath: orphan))
        #expect(try await engine.inspectContainer(id).container.state == .exited)
        #expect(try engine.collectContainerGarbage().isEmpty)
        // The container can still start again after its run was collected.
        try await engine.startContainer(id)
        #expect(try await engine.waitContainer(id) == 0)
        try await engine.removeContainer(id, force: true, removeVolumes: true)
        #expect(!FileManager.default.fileExists(atPath: namespace))
    }
}
