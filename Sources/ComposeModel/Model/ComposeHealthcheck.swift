/// A service's health check (compose-go `types.HealthCheckConfig`).
public struct ComposeHealthcheck: Sendable, Hashable {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`.
    public var test: [String] = []
    public var timeout: ComposeDuration?
    public var interval: ComposeDuration?
    public var retries: Int?
    public var startPeriod: ComposeDuration?
    public var startInterval: ComposeDuration?
    public var disable: Bool?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
