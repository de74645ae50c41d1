import EngineAPI

/// A repository on a registry (`docker.io` + `library/nginx`): the unit of registry auth scopes.
public struct RegistryRepository: Sendable, Hashable, CustomStringConvertible {
    public var registry: String
    public var name: String

    public init(registry: String, name: String) {
        self.registry = registry
        self.name = name
    }

    public init(_ reference: ImageReference) {
        self.init(registry: reference.registry, name: reference.repository)
    }

    public var description: String { "\(registry)/\(name)" }
}

/// Retries of a registry call on connection errors, 5xx and 429: bounded attempts, doubling delays.
public struct RegistryRetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(4)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(1, attempt) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay)
    }
}
