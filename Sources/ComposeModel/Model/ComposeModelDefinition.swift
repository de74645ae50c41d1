/// A top-level AI model definition (`models:`; compose-go `types.ModelConfig`).
public struct ComposeModelDefinition: Sendable, Hashable {
    public var name: String?
    public var model: String?
    public var contextSize: Int?
    public var runtimeFlags: [String] = []
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init(model: String? = nil) {
        self.model = model
    }
}
