/// A top-level secret or config: file content from a file, an environment variable, inline text, or an
/// external object (compose-go `types.FileObjectConfig`).
public struct ComposeFileObject: Sendable, Hashable {
    /// The engine-side name, as opposed to the key in the compose file.
    public var name: String?
    public var file: String?
    public var environment: String?
    public var content: String?
    public var external: Bool?
    public var labels: [String: String] = [:]
    public var driver: String?
    public var driverOpts: [String: String] = [:]
    public var templateDriver: String?
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init(name: String? = nil) {
        self.name = name
    }
}

/// A top-level secret (`secrets:`).
public typealias ComposeSecret = ComposeFileObject

/// A top-level config (`configs:`).
public typealias ComposeConfig = ComposeFileObject
