/// A command run inside a running container (`develop.watch` `sync+exec`, removing synced files that were
/// deleted on the host): the engine waits for it and reports its exit code.
public struct ExecSpec: Sendable, Hashable, Codable {
    public var command: [String]
    public var user: String?
    public var workingDirectory: String?
    /// `KEY=value` entries added to the container's environment.
    public var environment: [String]
    public var privileged: Bool

    public init(command: [String], user: String? = nil, workingDirectory: String? = nil, environment: [String] = [],
                privileged: Bool = false) {
        self.command = command
        self.user = user
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.privileged = privileged
    }
}

/// One host file or directory and where it goes in a container (`develop.watch` sync).
public struct CopyEntry: Sendable, Hashable, Codable {
    public var hostPath: String
    /// An absolute path in the container.
    public var containerPath: String

    public init(hostPath: String, containerPath: String) {
        self.hostPath = hostPath
        self.containerPath = containerPath
    }
}
