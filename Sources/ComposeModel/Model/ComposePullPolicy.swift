/// A service's `pull_policy`. The schema's pattern is not anchored, so any text containing a known word is
/// accepted; text that is not one of the known forms is kept in `.other`.
public enum ComposePullPolicy: Sendable, Hashable, RawRepresentable {
    case always
    case never
    case missing
    /// `if_not_present`, an alias of `missing`.
    case ifNotPresent
    case build
    case refresh
    case daily
    case weekly
    /// `every_<interval>`, the interval as written (`2d`, `12h`).
    case every(String)
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "always": self = .always
        case "never": self = .never
        case "missing": self = .missing
        case "if_not_present": self = .ifNotPresent
        case "build": self = .build
        case "refresh": self = .refresh
        case "daily": self = .daily
        case "weekly": self = .weekly
        default:
            if rawValue.hasPrefix("every_"), rawValue.count > 6 {
                self = .every(String(rawValue.dropFirst(6)))
            } else {
                self = .other(rawValue)
            }
        }
    }

    public var rawValue: String {
        switch self {
        case .always: return "always"
        case .never: return "never"
        case .missing: return "missing"
        case .ifNotPresent: return "if_not_present"
        case .build: return "build"
        case .refresh: return "refresh"
        case .daily: return "daily"
        case .weekly: return "weekly"
        case .every(let interval): return "every_" + interval
        case .other(let text): return text
        }
    }

    /// The refresh interval of `daily`, `weekly` and `every_*` (nil for the others or a bad interval).
    public var refreshInterval: ComposeDuration? {
        switch self {
        case .daily: return ComposeDuration(parsing: "24h")
        case .weekly: return ComposeDuration(parsing: "168h")
        case .every(let interval): return ComposeDuration(parsing: interval)
        default: return nil
        }
    }
}
