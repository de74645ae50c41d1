import EngineAPI
import Foundation

/// Pushes an image of the image store to a registry: the blobs the registry lacks (config and layers, at most
/// `maxConcurrentUploads` at a time), then the manifest with its exact media type under the reference's tag.
public struct ImagePusher: Sendable {
    public let client: RegistryClient
    public let store: ImageStore
    public let maxConcurrentUploads: Int

    public init(client: RegistryClient, store: ImageStore, maxConcurrentUploads: Int = 3) {
        self.client = client
        self.store = store
        self.maxConcurrentUploads = max(1, maxConcurrentUploads)
    }

    /// Pushes `record` as `reference`; returns the manifest digest the registry now serves it under.
    /// `mountFrom` names a repository of the same registry that may already hold the blobs (cross-repo mount).
    @discardableResult
    public func push(_ record: ImageRecord, to reference: ImageReference, mountFrom: RegistryRepository? = nil,
                     progress: @escaping @Sendable (PullProgress) -> Void = { _ in }) async throws(EngineError) -> Digest {
        let what = "push \(reference)"
        do throws(EngineError) {
            let repository = RegistryRepository(reference)
            let (manifest, bytes, mediaType) = try manifestToPush(record)
            try await uploadBlobs([manifest.config] + manifest.layers, repository: repository, mountFrom: mountFrom,
                                  progress: progress)
            let target = reference.tag ?? reference.digest ?? Digest.sha256(of: bytes).description
            let digest = try await client.putManifest(repository, reference: target, bytes: bytes, mediaType: mediaType)
            if let wanted = reference.digest, wanted != digest.description {
                throw EngineError(.invalidArgument, "the image's manifest is \(digest), not the requested \(wanted)")
            }
            progress(PullProgress(id: reference.tag ?? digest.shortHex, status: .digest))
            return digest
        } catch {
            throw error.registryPrefixed(what)
        }
    }

    /// The stored manifest bytes (pushed verbatim so the digest stays), or one made from the config for an image
    /// loaded without a manifest whose uncompressed layers are stored by diff id.
    func manifestToPush(_ record: ImageRecord) throws(EngineError) -> (OCIManifest, [UInt8], String) {
        let content = store.content
        // Through an index (a multi-platform pull), the entry whose config is this image is pushed.
        if let (digest, manifest) = try store.resolvedManifest(of: record) {
            let bytes = try content.data(of: digest)
            let mediaType = digest == record.manifestDigest ? record.manifestMediaType : nil
            return (manifest, bytes, mediaType ?? manifest.mediaType ?? OCIMediaType.ociManifest)
        }
        let config = try store.config(of: record)
        var layers = [OCIDescriptor]()
        for diffID in config.rootfs.diffIDs {
            guard let size = content.size(of: diffID) else {
                throw EngineError(.unsupported, "image \(record.configDigest.shortHex) has no registry manifest and layer "
                                      + "\(diffID) is not stored as a blob, so it cannot be pushed")
            }
            layers.append(OCIDescriptor(mediaType: OCIMediaType.ociLayer, digest: diffID, size: size))
        }
        guard let configSize = content.size(of: record.configDigest) else {
            throw EngineError(.notFound, "config \(record.configDigest) is not in the content store")
        }
        let manifest = OCIManifest(config: OCIDescriptor(mediaType: OCIMediaType.ociConfig, digest: record.configDigest,
                                                         size: configSize), layers: layers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return (manifest, Array(try encoder.encode(manifest)), OCIMediaType.ociManifest)
        } catch {
            throw EngineError(.internalError, "cannot encode a manifest", cause: "\(error)")
        }
    }

    func uploadBlobs(_ blobs: [OCIDescriptor], repository: RegistryRepository, mountFrom: RegistryRepository?,
                     progress: @escaping @Sendable (PullProgress) -> Void) async throws(EngineError) {
        var seen = Set<Digest>()
        let unique = blobs.filter { seen.insert($0.digest).inserted }
        for blob in unique { progress(PullProgress(id: blob.digest.shortHex, status: .preparing)) }
        try await BoundedConcurrency.forEach(unique, limit: maxConcurrentUploads) { (blob) throws(EngineError) in
            try await upload(blob, repository: repository, mountFrom: mountFrom, progress: progress)
        }
    }

    func upload(_ blob: OCIDescriptor, repository: RegistryRepository, mountFrom: RegistryRepository?,
                progress: @escaping @Sendable (PullProgress) -> Void) async throws(EngineError) {
        let id = blob.digest.shortHex
        if try await client.blobExists(repository, digest: blob.digest, push: true) {
            progress(PullProgress(id: id, status: .layerAlreadyExists))
            return
        }
        let content = store.content
        guard content.contains(blob.digest) else {
            throw EngineError(.notFound, "blob \(blob.digest) is not in the content store")
        }
        progress(PullProgress(id: id, status: .pushing, current: 0, total: blob.size))
        let mounted = try await client.uploadBlob(repository, digest: blob.digest, size: blob.size,
                                                  path: content.path(of: blob.digest), mountFrom: mountFrom)
        progress(PullProgress(id: id, status: mounted ? .mounted : .pushed, current: blob.size, total: blob.size))
    }
}
