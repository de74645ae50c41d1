/// A service's (or build's) use of a secret or config (compose-go `types.FileReferenceConfig`).
public struct ComposeFileReference: Sendable, Hashable {
    public var source: String?
    public var target: String?
    public var uid: String?
    public var gid: String?
    /// File permissions (printed in octal, `"0440"`).
    public var mode: Int?
    public var extensions: [String: ComposeNode] = [:]

    public init(source: String? = nil) {
        self.source = source
    }
}
