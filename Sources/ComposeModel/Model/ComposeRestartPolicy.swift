/// A service's `restart` policy. The schema takes any string, so unknown text is kept in `.other`.
public enum ComposeRestartPolicy: Sendable, Hashable, RawRepresentable {
    case no
    case always
    case unlessStopped
    /// `on-failure`, optionally with a retry limit (`on-failure:3`).
    case onFailure(maxRetries: Int?)
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "no": self = .no
        case "always": self = .always
        case "unless-stopped": self = .unlessStopped
        case "on-failure": self = .onFailure(maxRetries: nil)
        default:
            // Only a canonical count is parsed, so the text reads back unchanged (`on-failure:03` stays other).
            if rawValue.hasPrefix("on-failure:"), let count = Int(rawValue.dropFirst(11)), count >= 0,
               String(count) == rawValue.dropFirst(11) {
                self = .onFailure(maxRetries: count)
            } else {
                self = .other(rawValue)
            }
        }
    }

    public var rawValue: String {
        switch self {
        case .no: return "no"
        case .always: return "always"
        case .unlessStopped: return "unless-stopped"
        case .onFailure(let count): return count.map { "on-failure:\($0)" } ?? "on-failure"
        case .other(let text): return text
        }
    }
}
