import EngineAPI
import Foundation

/// Credentials from Docker's client configuration (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`).
/// Only inline `auths` entries are read; credential helpers are reported when a registry asks for auth.
public struct RegistryCredentials: Sendable, Hashable {
    public enum Lookup: Sendable, Hashable {
        case none
        case basic(username: String, password: String)
        /// A `credsStore` / `credHelpers` entry applies: not supported yet.
        case helper(String)
    }

    /// `auths` keys as written, with their decoded user and password.
    public var auths: [String: Lookup]
    public var credsStore: String?
    public var credHelpers: [String: String]

    public init(auths: [String: Lookup] = [:], credsStore: String? = nil, credHelpers: [String: String] = [:]) {
        self.auths = auths
        self.credsStore = credsStore
        self.credHelpers = credHelpers
    }

    /// Reads the config file the Docker CLI would read; a missing file means no credentials.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(EngineError) -> RegistryCredentials {
        let directory: String
        if let configured = environment["DOCKER_CONFIG"], !configured.isEmpty {
            directory = configured
        } else {
            directory = (environment["HOME"] ?? NSHomeDirectory()) + "/.docker"
        }
        let path = directory + "/config.json"
        guard let data = FileManager.default.contents(atPath: path) else { return RegistryCredentials() }
        return try parse(data, path: path)
    }

    /// Parses a config.json document.
    public static func parse(_ data: Data, path: String = "config.json") throws(EngineError) -> RegistryCredentials {
        let file: ConfigFile
        do {
            file = try JSONDecoder().decode(ConfigFile.self, from: data)
        } catch {
            throw EngineError(.invalidArgument, "docker config \(path): not valid JSON", cause: "\(error)")
        }
        var auths = [String: Lookup]()
        for (key, entry) in file.auths ?? [:] {
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }),
                      let colon = decoded.firstIndex(of: ":") else {
                    throw EngineError(.invalidArgument, "docker config \(path): auths[\(key)].auth is not base64 of user:password")
                }
                auths[key] = .basic(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            } else if let username = entry.username, let password = entry.password {
                auths[key] = .basic(username: username, password: password)
            }
        }
        return RegistryCredentials(auths: auths, credsStore: file.credsStore, credHelpers: file.credHelpers ?? [:])
    }

    /// The credentials for `registry` (a reference's registry name, e.g. `docker.io`, `ghcr.io`, `host:5000`).
    public func lookup(registry: String) -> Lookup {
        let name = registry.lowercased()
        let keys = Self.keys(for: name)
        for key in keys {
            if let helper = credHelpers[key] { return .helper(helper) }
        }
        for (key, value) in auths where keys.contains(Self.normalisedKey(key)) {
            return value
        }
        if let credsStore, !credsStore.isEmpty { return .helper(credsStore) }
        return .none
    }

    /// The spellings a registry may be stored under (Docker Hub's is the legacy index URL).
    static func keys(for registry: String) -> Set<String> {
        if RegistryHosts.dockerHubNames.contains(registry) {
            return ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"]
        }
        return [registry]
    }

    /// `https://host/v1/` → `host`, except Docker Hub's canonical key which `keys(for:)` lists verbatim.
    static func normalisedKey(_ key: String) -> String {
        let lowered = key.lowercased()
        if lowered == "https://index.docker.io/v1/" { return lowered }
        var text = Substring(lowered)
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return String(text)
    }

    private struct ConfigFile: Decodable {
        var auths: [String: AuthEntry]?
        var credsStore: String?
        var credHelpers: [String: String]?
    }

    private struct AuthEntry: Decodable {
        var auth: String?
        var username: String?
        var password: String?
    }
}
