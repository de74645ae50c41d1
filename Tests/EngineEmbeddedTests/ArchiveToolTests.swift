import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// Archives made by umoci and skopeo (no Docker): run when `SWIFT_COMPOSE_IT` contains `embedded` and both
/// tools are installed.
enum ArchiveTools {
    static func installed(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)")
        }
    }

    static let enabled = (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
        && installed("umoci") && installed("skopeo") && installed("tar")

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/make-test-image.sh").path
}

@Suite("Image archives made by umoci and skopeo",
       .enabled(if: ArchiveTools.enabled, "needs SWIFT_COMPOSE_IT containing 'embedded' and umoci, skopeo, tar installed"))
struct ArchiveToolTests {
    @Test("the OCI layout, the oci-archive and the docker-archive of one image load to the same image id")
    func loadAll() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        try runTool(["sh", ArchiveTools.script, "\(dir.path)/made"])
        let store = ImageStore(root: "\(dir.path)/state")
        let loader = ImageArchiveLoader(images: store, platform: OCIPlatform(os: "linux", architecture: "amd64"))
        let fromLayout = try loader.load(path: "\(dir.path)/made/oci", select: "t", tag: reference("test/busybox:oci"))
        let fromOCIArchive = try loader.load(path: "\(dir.path)/made/oci.tar")
        let fromDocker = try loader.load(path: "\(dir.path)/made/docker.tar")
        #expect(fromLayout.map { $0.reference?.description } == ["docker.io/test/busybox:oci"])
        #expect(fromOCIArchive.map { $0.reference?.description } == ["docker.io/library/t:latest"])
        #expect(fromDocker.map { $0.reference?.description } == ["docker.io/test/busybox:1"])
        let id = try #require(fromLayout.first?.id)
        #expect(fromOCIArchive.map(\.id) == [id])
        #expect(fromDocker.map(\.id) == [id])

        let layoutRecord = try #require(try store.record(for: reference("test/busybox:oci")))
        let layoutManifest = try #require(try store.manifest(of: layoutRecord))
        #expect(layoutManifest.layers.map(\.mediaType) == [OCIMediaType.ociLayerGzip, OCIMediaType.ociLayerGzip])
        let dockerRecord = try #require(try store.record(for: reference("test/busybox:1")))
        let dockerManifest = try #require(try store.manifest(of: dockerRecord))
        let config = try store.config(of: dockerRecord)
        #expect(config.config?.cmd == ["/bin/sh"])
        #expect(dockerManifest.layers.map(\.mediaType) == [OCIMediaType.ociLayer, OCIMediaType.ociLayer])
        #expect(dockerManifest.layers.map(\.digest) == config.rootfs.diffIDs)
        for layer in layoutManifest.layers + dockerManifest.layers {
            #expect(store.content.size(of: layer.digest) == layer.size)
        }
    }

    @Test("a saved archive is read by skopeo both as a docker-archive and as an oci-archive")
    func saveReadBySkopeo() throws {
        let dir = try StoreTestDirectory()
        defer { dir.remove() }
        try runTool(["sh", ArchiveTools.script, "\(dir.path)/made"])
        let store = ImageStore(root: "\(dir.path)/state")
        let loaded = try ImageArchiveLoader(images: store).load(path: "\(dir.path)/made/docker.tar")
        let record = try #require(try store.record(for: reference("test/busybox:1")))
        try ImageArchiveSaver(images: store).save([record], to: "\(dir.path)/saved.tar")
        let asDocker = try runTool(["skopeo", "inspect", "--raw", "--config", "docker-archive:\(dir.path)/saved.tar"])
        #expect(Digest.sha256(of: Array(asDocker.utf8)) == loaded.first?.id)
        let asOCI = try runTool(["skopeo", "inspect", "--raw", "oci-archive:\(dir.path)/saved.tar:1"])
        #expect(Digest.sha256(of: Array(asOCI.utf8)) == record.manifestDigest)
        // And skopeo can copy it out again as a directory layout, verifying every blob.
        try runTool(["skopeo", "--insecure-policy", "copy", "-q", "docker-archive:\(dir.path)/saved.tar", "oci:\(dir.path)/copy:c"])
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/copy/index.json"))
    }
}
