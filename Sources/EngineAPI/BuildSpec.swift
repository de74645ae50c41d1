/// An image build as the compose file's `build:` section asks for it, with paths already absolute and
/// variables already resolved.
public struct BuildSpec: Sendable, Hashable {
    /// The build context directory.
    public var context: String
    /// The Dockerfile, relative to `context` (or absolute); ignored when `dockerfileInline` is set.
    public var dockerfile: String?
    /// `dockerfile_inline`: the Dockerfile's text.
    public var dockerfileInline: String?
    /// `args`, in file order.
    public var args: [BuildArgument] = []
    public var target: String?
    public var labels: [String: String] = [:]
    /// The image name the result gets first, then any extra `tags`.
    public var tags: [String]
    public var noCache = false
    /// Always try to pull newer base images.
    public var pull = false
    public var platform: String?
    public var network: String?
    public var extraHosts: [String] = []
    public var shmSize: Int64?

    public init(context: String, tags: [String]) {
        self.context = context
        self.tags = tags
    }
}

public struct BuildArgument: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
