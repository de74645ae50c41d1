import EngineAPI
import Foundation

/// One image known to the store: which manifest and config it is, under which name.
public struct ImageRecord: Sendable, Hashable, Codable {
    /// The name a dangling (untagged) image carries.
    public static let noName = "<none>"

    /// Canonical reference, `docker.io/library/busybox:1`, or `<none>` for a dangling image.
    public var name: String
    /// The repo digest (a manifest, or an index for multi-platform images); nil for docker-save loads that
    /// carry no manifest of their own.
    public var manifestDigest: Digest?
    public var manifestMediaType: String?
    /// The config blob's digest: the image id.
    public var configDigest: Digest
    /// When the image entered the store, RFC 3339.
    public var createdAt: String

    public init(name: String, manifestDigest: Digest?, manifestMediaType: String?, configDigest: Digest,
                createdAt: String = ImageRecord.now()) {
        self.name = name
        self.manifestDigest = manifestDigest
        self.manifestMediaType = manifestMediaType
        self.configDigest = configDigest
        self.createdAt = createdAt
    }

    /// The image id, `sha256:<hex>` of the config.
    public var id: String { configDigest.description }

    public var isDangling: Bool { name == Self.noName }

    /// The name parsed back into a reference; nil for a dangling image.
    public var reference: ImageReference? { isDangling ? nil : ImageReference(parsing: name) }

    /// The current time, RFC 3339 in UTC.
    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
