/// A command run in a service container at a lifecycle point (`post_start`, `pre_stop`, `develop.watch.exec`;
/// compose-go `types.ServiceHook`).
public struct ComposeServiceHook: Sendable, Hashable {
    public var command: [String]?
    public var user: String?
    public var privileged: Bool?
    public var workingDir: String?
    public var environment: [String: String?] = [:]
    public var extensions: [String: ComposeNode] = [:]

    public init(command: [String]? = nil) {
        self.command = command
    }
}
