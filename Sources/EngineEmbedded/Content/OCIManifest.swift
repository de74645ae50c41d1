/// An image manifest (OCI or Docker schema 2): one config and the layers, bottom first.
public struct OCIManifest: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]
    public var annotations: [String: String]?

    public init(mediaType: String = OCIMediaType.ociManifest, config: OCIDescriptor, layers: [OCIDescriptor],
                annotations: [String: String]? = nil) {
        schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// An image index (OCI) or manifest list (Docker): one manifest per platform.
public struct OCIIndex: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [OCIDescriptor]
    public var annotations: [String: String]?

    public init(mediaType: String = OCIMediaType.ociIndex, manifests: [OCIDescriptor], annotations: [String: String]? = nil) {
        schemaVersion = 2
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }

    /// The entry for `platform`, preferring an exact variant match; nil when none runs there.
    public func manifest(for platform: OCIPlatform) -> OCIDescriptor? {
        let candidates = manifests.filter { descriptor in
            guard let entry = descriptor.platform else { return false }
            return platform.matches(entry)
        }
        return candidates.first { $0.platform?.variant == platform.variant } ?? candidates.first
    }
}
