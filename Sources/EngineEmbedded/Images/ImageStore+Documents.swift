import EngineAPI
import Foundation

/// Enough of a manifest or index to tell which one it is.
struct ManifestSniff: Decodable {
    var mediaType: String?
    var manifests: [OCIDescriptor]?
    var config: OCIDescriptor?

    var isIndex: Bool { OCIMediaType.isIndex(mediaType) || (mediaType == nil && manifests != nil) }
}

extension ImageStore {
    /// The image's config, decoded from its (re-verified) blob.
    public func config(of record: ImageRecord) throws(EngineError) -> OCIImageConfig {
        try decode(OCIImageConfig.self, record.configDigest, what: "image \(record.name): config")
    }

    /// The image's manifest; nil when the record has none. When the repo digest is an index, this is the
    /// entry whose config is the record's image.
    public func manifest(of record: ImageRecord) throws(EngineError) -> OCIManifest? {
        try resolvedManifest(of: record)?.manifest
    }

    /// The manifest and its digest, resolved through indexes to the one naming the record's config.
    func resolvedManifest(of record: ImageRecord) throws(EngineError) -> (digest: Digest, manifest: OCIManifest)? {
        guard let digest = record.manifestDigest else { return nil }
        return try resolveManifest(digest, config: record.configDigest, what: "image \(record.name)", depth: 0)
    }

    private func resolveManifest(_ digest: Digest, config: Digest, what: String,
                                 depth: Int) throws(EngineError) -> (digest: Digest, manifest: OCIManifest)? {
        guard depth < 4 else { throw EngineError(.invalidArgument, "\(what): indexes nested too deeply at \(digest)") }
        let sniff = try decode(ManifestSniff.self, digest, what: "\(what): manifest")
        guard sniff.isIndex else {
            let manifest = try decode(OCIManifest.self, digest, what: "\(what): manifest")
            return manifest.config.digest == config ? (digest, manifest) : nil
        }
        for entry in sniff.manifests ?? [] where content.contains(entry.digest) {
            if let found = try resolveManifest(entry.digest, config: config, what: what, depth: depth + 1) {
                return found
            }
        }
        throw EngineError(.notFound, "\(what): index \(digest) has no stored manifest for config \(config)")
    }

    func decode<T: Decodable>(_ type: T.Type, _ digest: Digest, what: String) throws(EngineError) -> T {
        let bytes: [UInt8]
        do {
            bytes = try content.data(of: digest)
        } catch {
            var error = error
            error.message = "\(what): \(error.message)"
            throw error
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw EngineError(.invalidArgument, "\(what): blob \(digest) is not a valid \(T.self)", cause: "\(error)")
        }
    }

    /// Canonical JSON (sorted keys, no escaped slashes) for documents we write ourselves, so that the same
    /// document always has the same digest.
    static func canonicalJSON<T: Encodable>(_ value: T) throws(EngineError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw EngineError(.internalError, "cannot encode \(T.self)", cause: "\(error)")
        }
    }
}
