import EngineAPI
import Foundation

/// Writes images to a tar that both `docker load` and `ImageArchiveLoader` read, in the shape Docker ≥ 25
/// writes: an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`) plus a docker-save
/// `manifest.json` whose config and layer paths point into the blobs.
public struct ImageArchiveSaver: Sendable {
    public let images: ImageStore

    public init(images: ImageStore) {
        self.images = images
    }

    /// Saves `records` (several names of one image are written once, with all their tags) to `path`,
    /// replacing it only when the whole archive is written.
    public func save(_ records: [ImageRecord], to path: String) throws(EngineError) {
        let plan = try SavePlan(records, images: images, source: path)
        let writer = try ArchiveTarWriter(output: path, scratch: "\(images.root)/tmp")
        try writer.addFile("oci-layout", ImageStore.canonicalJSON(["imageLayoutVersion": "1.0.0"]))
        for digest in plan.blobs {
            try writer.addBlob("blobs/\(digest.algorithm)/\(digest.hex)", from: images.content.path(of: digest))
        }
        try writer.addFile("index.json", ImageStore.canonicalJSON(OCIIndex(manifests: plan.index)))
        try writer.addFile("manifest.json", ImageStore.canonicalJSON(plan.dockerManifest))
        try writer.finish()
    }
}

/// What a save writes, worked out (and checked complete) before anything is written.
struct SavePlan {
    var blobs: [Digest] = []
    var index: [OCIDescriptor] = []
    var dockerManifest: [DockerSaveEntry] = []

    init(_ records: [ImageRecord], images: ImageStore, source: String) throws(EngineError) {
        var seenBlobs = Set<Digest>()
        var entryOfConfig = [Digest: Int]()
        for record in records {
            guard let (digest, manifest) = try images.resolvedManifest(of: record) else {
                throw EngineError(.invalidArgument, "save \(source): image \(record.name) has no manifest")
            }
            if entryOfConfig[record.configDigest] == nil {
                for blob in [digest, manifest.config.digest] + manifest.layers.map(\.digest) where seenBlobs.insert(blob).inserted {
                    guard images.content.contains(blob) else {
                        throw EngineError(.notFound, "save \(source): image \(record.name): blob \(blob) is not in the content store")
                    }
                    blobs.append(blob)
                }
                entryOfConfig[record.configDigest] = dockerManifest.count
                dockerManifest.append(DockerSaveEntry(config: Self.blobPath(manifest.config.digest), repoTags: [],
                                                      layers: manifest.layers.map { Self.blobPath($0.digest) }))
            }
            let size = images.content.size(of: digest) ?? 0
            var annotations: [String: String] = [:]
            if let reference = record.reference, let entry = entryOfConfig[record.configDigest] {
                annotations[ImageArchiveLoader.containerdNameKey] = reference.description
                if let tag = reference.tag {
                    annotations["org.opencontainers.image.ref.name"] = tag
                    dockerManifest[entry].repoTags?.append(Self.familiar(reference))
                }
            }
            index.append(OCIDescriptor(mediaType: manifest.mediaType ?? OCIMediaType.ociManifest, digest: digest, size: size,
                                       annotations: annotations.isEmpty ? nil : annotations))
        }
    }

    static func blobPath(_ digest: Digest) -> String { "blobs/\(digest.algorithm)/\(digest.hex)" }

    /// `docker.io/library/busybox:1` → `busybox:1`, as Docker writes RepoTags.
    static func familiar(_ reference: ImageReference) -> String {
        var name = reference.description
        if reference.registry == "docker.io" {
            name = String(name.dropFirst("docker.io/".count))
            if name.hasPrefix("library/") { name = String(name.dropFirst("library/".count)) }
        }
        if let digest = reference.digest, name.hasSuffix("@\(digest)") { name = String(name.dropLast(digest.count + 1)) }
        return name
    }
}
