/// A host device made available in a container (`devices:`; compose-go `types.DeviceMapping`).
public struct ComposeDeviceMapping: Sendable, Hashable {
    public var source: String?
    public var target: String?
    public var permissions: String?
    public var extensions: [String: ComposeNode] = [:]

    public init() {}
}
