/// A Windows credential spec (`credential_spec`; compose-go `types.CredentialSpecConfig`).
public struct ComposeCredentialSpec: Sendable, Hashable {
    public var config: String?
    public var file: String?
    public var registry: String?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
