import EngineAPI
import Foundation

/// A named network namespace, /run/netns/swc-<id>, made and removed by `ip netns` in a child process
/// (setns in this multithreaded process would only move one thread).
public struct NetworkNamespace: Sendable, Hashable {
    public let name: String

    public init(id: String) {
        self.name = "swc-" + id
    }

    public var path: String { "/run/netns/" + name }

    public var exists: Bool { FileSystem.exists(path) }

    public static func create(id: String) throws(EngineError) -> NetworkNamespace {
        let namespace = NetworkNamespace(id: id)
        guard !namespace.exists else { return namespace }
        try HostCommand.check(HostCommand.find("ip"), ["netns", "add", namespace.name],
                              what: "create network namespace \(namespace.name)")
        return namespace
    }

    /// Idempotent: a missing namespace is already deleted.
    public func delete() throws(EngineError) {
        guard exists else { return }
        try HostCommand.check(HostCommand.find("ip"), ["netns", "delete", name], what: "delete network namespace \(name)")
    }
}
