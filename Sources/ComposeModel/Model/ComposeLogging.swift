/// A service's logging driver and options (compose-go `types.LoggingConfig`).
public struct ComposeLogging: Sendable, Hashable {
    public var driver: String?
    public var options: [String: String] = [:]
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
