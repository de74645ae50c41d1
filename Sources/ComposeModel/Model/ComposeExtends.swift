/// A service's `extends` reference (compose-go `types.ExtendsConfig`).
public struct ComposeExtends: Sendable, Hashable {
    public var file: String?
    public var service: String

    public init(service: String, file: String? = nil) {
        self.service = service
        self.file = file
    }
}
