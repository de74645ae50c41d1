import EngineAPI
import Foundation

/// Pulls an image from its registry into the content store and tags it in the image store: resolve the tag
/// (or digest), pick the platform from an index, fetch the manifest, the config, then the layers in parallel
/// (bounded), resuming interrupted downloads and skipping blobs already present.
public struct ImagePuller: Sendable {
    public let client: RegistryClient
    public let store: ImageStore
    public let platform: OCIPlatform
    public let maxConcurrentDownloads: Int

    public init(client: RegistryClient, store: ImageStore, platform: OCIPlatform = .host, maxConcurrentDownloads: Int = 3) {
        self.client = client
        self.store = store
        self.platform = platform
        self.maxConcurrentDownloads = max(1, maxConcurrentDownloads)
    }

    /// Pulls `reference` and tags it; returns the stored record. Nothing is tagged unless every blob arrived
    /// and verified.
    @discardableResult
    public func pull(_ reference: ImageReference, progress: @escaping @Sendable (PullProgress) -> Void = { _ in })
        async throws(EngineError) -> ImageRecord {
        let what = "pull \(reference)"
        do throws(EngineError) {
            // Blobs written before the record exists must not be collected meanwhile.
            let lease = try store.lease()
            defer { lease.unlock() }
            let repository = RegistryRepository(reference)
            let (top, platformManifest, manifest) = try await resolve(reference, repository: repository)
            let content = store.content
            let config = manifest.config
            if !content.contains(config.digest) {
                let bytes = try await client.blobBytes(repository, digest: config.digest, size: config.size)
                try content.put(bytes, expected: config.digest)
            }
            try await fetchLayers(manifest.layers, repository: repository, progress: progress)
            if let platformManifest { try content.put(platformManifest.bytes, expected: platformManifest.digest) }
            // The repo digest is what the reference resolved to (an index for multi-platform images), as in Docker.
            let record = try store.add(manifest: top.bytes, reference: reference, platform: platform)
            progress(PullProgress(id: reference.description, status: .digest))
            return record
        } catch {
            throw error.registryPrefixed(what)
        }
    }

    /// What `reference` names (a manifest or an index), the platform manifest when it was an index, and the
    /// decoded image manifest.
    func resolve(_ reference: ImageReference, repository: RegistryRepository)
        async throws(EngineError) -> (RegistryManifest, RegistryManifest?, OCIManifest) {
        let top = try await client.manifest(repository, reference: reference.digest ?? reference.tag ?? "latest")
        try Self.refuseSchema1(top)
        var fetched = top
        var platformManifest: RegistryManifest?
        if OCIMediaType.isIndex(top.mediaType) {
            let index: OCIIndex
            do {
                index = try JSONDecoder().decode(OCIIndex.self, from: Data(top.bytes))
            } catch {
                throw EngineError(.invalidArgument, "index \(top.digest): not a valid image index", cause: "\(error)")
            }
            guard let entry = index.manifest(for: platform) else {
                let available = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
                throw EngineError(.notFound, "no image for platform \(platform) in index \(top.digest) (it has: \(available))")
            }
            let accept = OCIMediaType.isManifest(entry.mediaType) ? [entry.mediaType] : OCIMediaType.acceptedManifests
            fetched = try await client.manifest(repository, reference: entry.digest.description, accept: accept)
            try Self.refuseSchema1(fetched)
            platformManifest = fetched
        }
        guard OCIMediaType.isManifest(fetched.mediaType) else {
            throw EngineError(.unsupported, "manifest \(fetched.digest): unsupported media type \(fetched.mediaType)")
        }
        do {
            let manifest = try JSONDecoder().decode(OCIManifest.self, from: Data(fetched.bytes))
            return (top, platformManifest, manifest)
        } catch {
            throw EngineError(.invalidArgument, "manifest \(fetched.digest): not a valid image manifest", cause: "\(error)")
        }
    }

    static func refuseSchema1(_ manifest: RegistryManifest) throws(EngineError) {
        if manifest.isSchema1 {
            throw EngineError(.unsupported, "manifest \(manifest.digest) is Docker schema 1 (\(manifest.mediaType)), which is "
                                  + "not supported; push the image again with a current client to get a schema 2 or OCI manifest")
        }
    }
}

extension EngineError {
    /// The same error with `context: ` in front of its message (`pull docker.io/library/x:1: blob …`).
    func registryPrefixed(_ context: String) -> EngineError {
        var error = self
        if !error.message.hasPrefix(context) { error.message = "\(context): \(error.message)" }
        return error
    }
}
