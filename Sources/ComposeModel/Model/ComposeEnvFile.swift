/// An `env_file` entry (compose-go `types.EnvFile`).
public struct ComposeEnvFile: Sendable, Hashable {
    public var path: String
    public var required: Bool = true
    /// The file format (`raw` or the default dotenv syntax when nil).
    public var format: String?

    public init(path: String, required: Bool = true, format: String? = nil) {
        self.path = path
        self.required = required
        self.format = format
    }
}
