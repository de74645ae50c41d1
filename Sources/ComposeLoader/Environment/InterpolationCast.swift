import ComposeModel

/// The attributes whose string values compose-go's interpolation turns into numbers or booleans
/// (loader/interpolate.go), and Go's `strconv` parsing rules and messages for them.
///
/// The cast applies to every string at these paths, interpolated or not: `cpus: lots` fails here, before
/// schema validation, exactly as in the reference.
enum InterpolationCast: Sendable {
    case int
    case int64
    case float
    case float32
    case bool

    typealias PathPart = ComposeKeyPathComponent

    struct Outcome {
        var value: ComposeNode.Value
        var warning: String?
    }

    struct Failure: Error {
        var message: String
    }

    /// The cast for a value at `path`, if compose-go has one. A `*` of the reference table matches any key
    /// or item; a `[]` matches a sequence item only.
    static func kind(for path: [PathPart]) -> InterpolationCast? {
        guard path.count >= 3, case .key(let section) = path[0] else { return nil }
        switch section {
        case "services":
            return serviceKind(path[2...])
        case "networks":
            guard path.count == 3, case .key(let attribute) = path[2] else { return nil }
            return networkBooleans.contains(attribute) ? .bool : nil
        case "volumes", "secrets", "configs":
            guard path.count == 3, path[2] == .key("external") else { return nil }
            return .bool
        default:
            return nil
        }
    }

    private static let networkBooleans: Set<String> = ["external", "internal", "attachable", "enable_ipv4", "enable_ipv6"]

    private static let serviceAttributes: [String: InterpolationCast] = [
        "cpu_count": .int64, "cpu_percent": .float, "cpu_period": .int64, "cpu_quota": .int64,
        "cpu_rt_period": .int64, "cpu_rt_runtime": .int64, "cpus": .float32, "cpu_shares": .int64,
        "init": .bool, "oom_kill_disable": .bool, "oom_score_adj": .int64, "pids_limit": .int64,
        "privileged": .bool, "read_only": .bool, "scale": .int, "stdin_open": .bool, "tty": .bool,
    ]

    /// `parts`: the path below `services.<name>` (a slice, not copied: this runs for every service string).
    private static func serviceKind(_ parts: ArraySlice<PathPart>) -> InterpolationCast? {
        guard let head = parts.first, case .key(let first) = head else { return nil }
        let base = parts.startIndex
        switch parts.count {
        case 1:
            return serviceAttributes[first]
        case 2:
            switch (first, parts[base + 1]) {
            case ("deploy", .key("replicas")), ("healthcheck", .key("retries")): return .int
            case ("healthcheck", .key("disable")): return .bool
            case ("ulimits", _): return .int
            default: return nil
            }
        case 3:
            switch (first, parts[base + 1], parts[base + 2]) {
            case ("deploy", .key("update_config"), .key("parallelism")),
                 ("deploy", .key("rollback_config"), .key("parallelism")),
                 ("deploy", .key("restart_policy"), .key("max_attempts")),
                 ("deploy", .key("placement"), .key("max_replicas_per_node")):
                return .int
            case ("deploy", .key("update_config"), .key("max_failure_ratio")),
                 ("deploy", .key("rollback_config"), .key("max_failure_ratio")):
                return .float
            case ("ports", .index, .key("target")), ("ulimits", _, .key("hard")), ("ulimits", _, .key("soft")):
                return .int
            case ("volumes", .index, .key("read_only")):
                return .bool
            default:
                return nil
            }
        case 4:
            if first == "volumes", case .index = parts[base + 1], parts[base + 2] == .key("volume"), parts[base + 3] == .key("nocopy") {
                return .bool
            }
            return nil
        default:
            return nil
        }
    }

    /// `services.web.ports[0].target`.
    static func render(_ path: [PathPart]) -> String {
        path.rendered
    }

    func cast(_ text: String) -> Result<Outcome, Failure> {
        switch self {
        case .int:
            return GoNumber.parseInt(text, function: "strconv.Atoi").map { Outcome(value: .int($0)) }
        case .int64:
            return GoNumber.parseInt(text, function: "strconv.ParseInt").map { Outcome(value: .int($0)) }
        case .float:
            return GoNumber.parseFloat(text, single: false).map { Outcome(value: .double($0)) }
        case .float32:
            return GoNumber.parseFloat(text, single: true).map { Outcome(value: .double($0)) }
        case .bool:
            return Self.parseBool(text)
        }
    }

    /// compose-go accepts YAML 1.1 spellings with a warning.
    private static func parseBool(_ text: String) -> Result<Outcome, Failure> {
        switch text.lowercased() {
        case "true": return .success(Outcome(value: .bool(true)))
        case "false": return .success(Outcome(value: .bool(false)))
        case "y", "yes", "on":
            return .success(Outcome(
                value: .bool(true),
                warning: "\(GoQuote.quote(text)) for boolean is not supported by YAML 1.2, please use `true`"
            ))
        case "n", "no", "off":
            return .success(Outcome(
                value: .bool(false),
                warning: "\(GoQuote.quote(text)) for boolean is not supported by YAML 1.2, please use `false`"
            ))
        default:
            return .failure(Failure(message: "invalid boolean: \(text)"))
        }
    }
}

extension InterpolationCast.Outcome {
    init(value: ComposeNode.Value) {
        self.init(value: value, warning: nil)
    }
}
