/// A request for devices such as GPUs (`gpus:`, `deploy.resources.reservations.devices`;
/// compose-go `types.DeviceRequest`).
public struct ComposeDeviceRequest: Sendable, Hashable {
    public var capabilities: [String] = []
    public var driver: String?
    /// How many devices; -1 means all of them (`count: all`).
    public var count: Int?
    public var deviceIDs: [String] = []
    public var options: [String: String] = [:]

    public init() {}
}
