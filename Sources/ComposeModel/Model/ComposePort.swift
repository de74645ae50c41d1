/// A published or exposed port in long form (compose-go `types.ServicePortConfig`).
public struct ComposePort: Sendable, Hashable {
    public var name: String?
    public var mode: Mode?
    public var hostIP: String?
    public var target: Int?
    /// A host port or range (`"8080"`, `"6005-6015"`), kept as text as compose-go does.
    public var published: String?
    public var portProtocol: PortProtocol?
    public var appProtocol: String?
    public var extensions: [String: ComposeNode] = [:]
    @NotCompared public var location: SourceLocation? = nil

    public init() {}

    /// `ingress` (load-balanced, the default) or `host`; other text is accepted by the reference.
    public enum Mode: Sendable, Hashable, RawRepresentable {
        case ingress
        case host
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "ingress": self = .ingress
            case "host": self = .host
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .ingress: return "ingress"
            case .host: return "host"
            case .other(let text): return text
            }
        }
    }

    /// `tcp`, `udp` or `sctp`; other text is accepted by the reference (and rejected by the engine).
    public enum PortProtocol: Sendable, Hashable, RawRepresentable {
        case tcp
        case udp
        case sctp
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "tcp": self = .tcp
            case "udp": self = .udp
            case "sctp": self = .sctp
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .tcp: return "tcp"
            case .udp: return "udp"
            case .sctp: return "sctp"
            case .other(let text): return text
            }
        }
    }
}
