import Foundation

/// Where a registry name (the first component of an image reference) is served: Docker Hub's API host
/// differs from its name, and plain HTTP is allowed only for registries the user marked insecure.
public struct RegistryHosts: Sendable, Hashable {
    /// Extra insecure registries, `host` (any port) or `host:port`.
    public var insecure: [String]

    public init(insecure: [String]) {
        self.insecure = insecure.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// The configured list from `SWIFT_COMPOSE_INSECURE_REGISTRIES` (comma-separated `host[:port]`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RegistryHosts {
        RegistryHosts(insecure: (environment["SWIFT_COMPOSE_INSECURE_REGISTRIES"] ?? "").split(separator: ",").map(String.init))
    }

    /// The API endpoint of `registry` (`docker.io` → `https://registry-1.docker.io`).
    public func endpoint(for registry: String) -> RegistryEndpoint {
        let name = registry.lowercased()
        let host = Self.dockerHubNames.contains(name) ? "registry-1.docker.io" : name
        return RegistryEndpoint(registry: name, host: host, scheme: isInsecure(name) ? "http" : "https")
    }

    /// Loopback (localhost, 127.0.0.0/8, ::1) is always insecure, as in Docker; then the configured list.
    public func isInsecure(_ registry: String) -> Bool {
        let (host, port) = Self.split(registry.lowercased())
        if host == "localhost" || host == "::1" || Self.isIPv4Loopback(host) { return true }
        return insecure.contains { entry in
            let (entryHost, entryPort) = Self.split(entry)
            return entryHost == host && (entryPort == nil || entryPort == port)
        }
    }

    static let dockerHubNames: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// `host[:port]`, `[v6]:port` or a bare IPv6 address → (host without brackets, port).
    static func split(_ text: String) -> (host: String, port: String?) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            return (host, rest.hasPrefix(":") ? String(rest.dropFirst()) : nil)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        return (text, nil)
    }

    static func isIPv4Loopback(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }
}

/// A registry's base URL parts.
public struct RegistryEndpoint: Sendable, Hashable {
    /// The name as written in references (`docker.io`, `127.0.0.1:5000`).
    public var registry: String
    /// `host[:port]` to connect to.
    public var host: String
    /// `https`, or `http` for an insecure registry.
    public var scheme: String

    public init(registry: String, host: String, scheme: String) {
        self.registry = registry
        self.host = host
        self.scheme = scheme
    }

    public var baseURL: String { "\(scheme)://\(host)" }
}
