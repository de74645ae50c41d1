/// What a version-1 conversion changed, per kind of change, with the services concerned in file order;
/// rendered as the single warning of a conversion.
struct LegacyConversionReport: Sendable {
    /// The kinds of change, in the order the warning lists them.
    enum Change: Int, CaseIterable, Sendable {
        case links
        case net
        case volumesFrom
        case logging
        case dockerfile
        case volumeDriver
        case namedVolumes

        var summary: String {
            switch self {
            case .links: return "links → depends_on"
            case .net: return "net → network_mode"
            case .volumesFrom: return "volumes_from container names → container:NAME"
            case .logging: return "log_driver/log_opt → logging"
            case .dockerfile: return "dockerfile → build.dockerfile"
            case .volumeDriver: return "volume_driver → volumes.*.driver"
            case .namedVolumes: return "named volumes declared under volumes:"
            }
        }
    }

    private var subjects: [Change: [String]] = [:]
    private var seen: Set<String> = []

    /// Records that `change` applied to `subject` (a service, or a volume for `.namedVolumes`); a
    /// subject is listed once per change however often it is recorded.
    mutating func record(_ change: Change, _ subject: String) {
        guard seen.insert("\(change.rawValue):\(subject)").inserted else { return }
        subjects[change, default: []].append(subject)
    }

    func subjects(of change: Change) -> [String] {
        subjects[change] ?? []
    }

    /// `version 1 file converted: services moved under services:, links → depends_on (web), …`
    var message: String {
        var parts = ["services moved under services:"]
        for change in Change.allCases {
            guard let list = subjects[change], !list.isEmpty else { continue }
            parts.append("\(change.summary) (\(list.joined(separator: ", ")))")
        }
        return "version 1 file converted: " + parts.joined(separator: ", ")
    }
}
