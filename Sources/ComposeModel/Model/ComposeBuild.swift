/// How to build a service's image (`build:`; compose-go `types.BuildConfig`).
public struct ComposeBuild: Sendable, Hashable {
    public var context: String?
    public var dockerfile: String?
    public var dockerfileInline: String?
    public var entitlements: [String] = []
    /// Build arguments; a nil value means "take it from the environment".
    public var args: [String: String?] = [:]
    public var provenance: String?
    public var sbom: String?
    public var ssh: [ComposeSSHKey] = []
    public var labels: [String: String] = [:]
    public var cacheFrom: [String] = []
    public var cacheTo: [String] = []
    public var noCache: Bool?
    public var additionalContexts: [String: String] = [:]
    public var pull: Bool?
    public var extraHosts: [ComposeExtraHost] = []
    public var isolation: String?
    public var network: String?
    public var target: String?
    public var secrets: [ComposeFileReference] = []
    public var shmSize: ComposeByteSize?
    public var tags: [String] = []
    public var ulimits: [String: ComposeUlimit] = [:]
    public var platforms: [String] = []
    public var privileged: Bool?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}

/// An SSH agent socket or key made available to a build (`build.ssh`: `default` or `id=path`).
public struct ComposeSSHKey: Sendable, Hashable {
    public var id: String
    public var path: String?

    public init(id: String, path: String? = nil) {
        self.id = id
        self.path = path
    }
}
