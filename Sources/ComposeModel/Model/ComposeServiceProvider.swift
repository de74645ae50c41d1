/// A service implemented by a provider plugin instead of a container (`provider:`;
/// compose-go `types.ServiceProviderConfig`).
public struct ComposeServiceProvider: Sendable, Hashable {
    public var type: String?
    /// Options, each with one or more values.
    public var options: [String: [String]] = [:]
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
