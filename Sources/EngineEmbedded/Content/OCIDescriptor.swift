/// A reference to a blob: its media type, digest and size (plus, in an index, its platform).
public struct OCIDescriptor: Sendable, Hashable, Codable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var platform: OCIPlatform?
    public var annotations: [String: String]?
    public var urls: [String]?

    public init(mediaType: String, digest: Digest, size: Int64, platform: OCIPlatform? = nil,
                annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.platform = platform
        self.annotations = annotations
    }

    /// `org.opencontainers.image.ref.name`: the tag an OCI layout gives an entry of its index.
    public var referenceName: String? { annotations?["org.opencontainers.image.ref.name"] }
}
