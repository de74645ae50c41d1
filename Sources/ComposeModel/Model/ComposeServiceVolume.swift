/// A mount of a service in long form (compose-go `types.ServiceVolumeConfig`).
public struct ComposeServiceVolume: Sendable, Hashable {
    public var type: VolumeType?
    public var source: String?
    public var target: String?
    public var readOnly: Bool?
    public var consistency: String?
    public var bind: Bind?
    public var volume: Volume?
    public var tmpfs: Tmpfs?
    public var image: Image?
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init() {}

    /// The closed set of mount types of the compose schema.
    public enum VolumeType: String, Sendable, Hashable, CaseIterable {
        case bind
        case volume
        case tmpfs
        case npipe
        case cluster
        case image
    }

    /// Options of a bind mount.
    public struct Bind: Sendable, Hashable {
        public var selinux: String?
        public var propagation: String?
        public var createHostPath: Bool?
        public var recursive: String?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// Options of a named or anonymous volume mount.
    public struct Volume: Sendable, Hashable {
        public var labels: [String: String] = [:]
        public var nocopy: Bool?
        public var subpath: String?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// Options of a tmpfs mount.
    public struct Tmpfs: Sendable, Hashable {
        public var size: ComposeByteSize?
        public var mode: Int?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }

    /// Options of an image mount.
    public struct Image: Sendable, Hashable {
        public var subpath: String?
        public var extensions: [String: ComposeNode] = [:]

        public init() {}
    }
}
