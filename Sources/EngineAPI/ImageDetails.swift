/// One local image as `compose images` and `engine images` show it.
public struct ImageDetails: Sendable, Hashable {
    /// `sha256:…` (the config digest).
    public var id: String
    /// Fully qualified references that name this image (`docker.io/library/busybox:1`).
    public var references: [String]
    /// `repository@sha256:…` of the manifests it was pulled as or pushed to.
    public var repoDigests: [String]
    public var os: String
    public var architecture: String
    public var variant: String?
    /// Bytes on disk (uncompressed layers, as `docker images` counts).
    public var size: Int64
    /// RFC 3339 time the image was created (its config's `created`), when known.
    public var created: String?

    public init(id: String, references: [String], repoDigests: [String] = [], os: String, architecture: String,
                variant: String? = nil, size: Int64, created: String? = nil) {
        self.id = id
        self.references = references
        self.repoDigests = repoDigests
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.size = size
        self.created = created
    }

    /// `linux/amd64`, `linux/arm64/v8`.
    public var platform: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}
