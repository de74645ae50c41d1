/// A container restart policy as compose spells it: `no`, `always`, `on-failure[:N]`, `unless-stopped`.
/// Encoded as that string.
public enum ShimRestartPolicy: Sendable, Hashable, Codable, CustomStringConvertible {
    case no
    case always
    case unlessStopped
    /// Restart after a non-zero exit, at most `maxRetries` times (0: no limit).
    case onFailure(maxRetries: Int)

    /// Parses the compose value; nil when it is not a policy.
    public init?(parsing text: String) {
        switch text {
        case "", "no": self = .no
        case "always": self = .always
        case "unless-stopped": self = .unlessStopped
        case "on-failure": self = .onFailure(maxRetries: 0)
        default:
            let prefix = "on-failure:"
            guard text.hasPrefix(prefix), let count = Int(text.dropFirst(prefix.count)), count >= 0 else { return nil }
            self = .onFailure(maxRetries: count)
        }
    }

    public var description: String {
        switch self {
        case .no: return "no"
        case .always: return "always"
        case .unlessStopped: return "unless-stopped"
        case .onFailure(let count): return count == 0 ? "on-failure" : "on-failure:\(count)"
        }
    }

    /// Whether a container that exited with `exitCode` after `restarts` restarts is started again (the
    /// stopped-by-user marker is checked separately).
    public func restarts(exitCode: Int, restarts: Int) -> Bool {
        switch self {
        case .no: return false
        case .always, .unlessStopped: return true
        case .onFailure(let max): return exitCode != 0 && (max == 0 || restarts < max)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let policy = ShimRestartPolicy(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid restart policy \"\(text)\""))
        }
        self = policy
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
