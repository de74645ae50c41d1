/// How a service uses a model (`services.*.models.*`; compose-go `types.ServiceModelConfig`).
public struct ComposeServiceModel: Sendable, Hashable {
    public var endpointVariable: String?
    public var modelVariable: String?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
