import Foundation

/// Where the Docker Engine API listens: `unix:///var/run/docker.sock` (the default), `tcp://host:port`.
public struct DockerEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: Sendable, Hashable {
        case unixSocket(path: String)
        case tcp(host: String, port: Int)
    }

    public var transport: Transport

    public init(transport: Transport) {
        self.transport = transport
    }

    /// Parses `--host` / `DOCKER_HOST` values; nil for an unsupported scheme.
    public init?(parsing text: String) {
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { return nil }
            self.init(transport: .unixSocket(path: path))
        } else if text.hasPrefix("tcp://") || text.hasPrefix("http://") {
            let rest = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: true).dropFirst().first ?? ""
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard let host = parts.first, !host.isEmpty else { return nil }
            let port = parts.count > 1 ? Int(parts[1]) : 2375
            guard let port else { return nil }
            self.init(transport: .tcp(host: String(host), port: port))
        } else {
            return nil
        }
    }

    /// `DOCKER_HOST` when set, else the default socket.
    public static func fromEnvironment(_ environment: [String: String]) -> DockerEndpoint? {
        if let host = environment["DOCKER_HOST"], !host.isEmpty { return DockerEndpoint(parsing: host) }
        return DockerEndpoint(transport: .unixSocket(path: "/var/run/docker.sock"))
    }

    public var description: String {
        switch transport {
        case .unixSocket(let path): return "unix://\(path)"
        case .tcp(let host, let port): return "tcp://\(host):\(port)"
        }
    }
}
