import EngineAPI
import Foundation

extension ImageStore {
    /// Records an image whose blobs are in the content store (a pull): stores the manifest or index bytes,
    /// finds the config (through an index, by `platform`), checks it is present, and names the image
    /// `reference` (or keeps it dangling when nil).
    @discardableResult
    public func add(manifest bytes: [UInt8], reference: ImageReference?,
                    platform: OCIPlatform = .host) throws(EngineError) -> ImageRecord {
        let what = reference.map { "image \($0)" } ?? "image"
        let digest = try content.put(bytes)
        let sniff: ManifestSniff
        do {
            sniff = try JSONDecoder().decode(ManifestSniff.self, from: Data(bytes))
        } catch {
            throw EngineError(.invalidArgument, "\(what): manifest \(digest) is not JSON", cause: "\(error)")
        }
        var current = sniff
        var currentDigest = digest
        for _ in 0..<4 where current.isIndex {
            let index = try decode(OCIIndex.self, currentDigest, what: "\(what): index")
            guard let entry = index.manifest(for: platform) else {
                throw EngineError(.notFound, "\(what): index \(currentDigest) has no manifest for \(platform)")
            }
            currentDigest = entry.digest
            current = try decode(ManifestSniff.self, currentDigest, what: "\(what): manifest")
        }
        guard let config = current.config?.digest else {
            throw EngineError(.invalidArgument, "\(what): manifest \(currentDigest) has no config")
        }
        guard content.contains(config) else {
            throw EngineError(.notFound, "\(what): config \(config) is not in the content store")
        }
        let record = ImageRecord(name: reference?.description ?? ImageRecord.noName, manifestDigest: digest,
                                 manifestMediaType: sniff.mediaType ?? (sniff.isIndex ? OCIMediaType.ociIndex : OCIMediaType.ociManifest),
                                 configDigest: config)
        if let reference { try tag(reference, record) } else { try addDangling(record) }
        return record
    }

    /// Records an image we made (a build, a docker-save load): stores the config and an OCI manifest over
    /// `layers` (whose blobs the caller has stored), and names it `reference` (or keeps it dangling).
    @discardableResult
    public func add(config: OCIImageConfig, layers: [OCIDescriptor], reference: ImageReference?,
                    annotations: [String: String]? = nil) throws(EngineError) -> ImageRecord {
        try add(configBytes: ImageStore.canonicalJSON(config), layers: layers, reference: reference, annotations: annotations)
    }

    /// As `add(config:…)`, keeping the config bytes as given (their digest is the image id).
    @discardableResult
    public func add(configBytes: [UInt8], layers: [OCIDescriptor], reference: ImageReference?,
                    annotations: [String: String]? = nil) throws(EngineError) -> ImageRecord {
        let configDigest = try content.put(configBytes)
        let manifest = OCIManifest(
            config: OCIDescriptor(mediaType: OCIMediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: layers, annotations: annotations)
        let manifestDigest = try content.put(ImageStore.canonicalJSON(manifest))
        let record = ImageRecord(name: reference?.description ?? ImageRecord.noName, manifestDigest: manifestDigest,
                                 manifestMediaType: OCIMediaType.ociManifest, configDigest: configDigest)
        if let reference { try tag(reference, record) } else { try addDangling(record) }
        return record
    }
}
