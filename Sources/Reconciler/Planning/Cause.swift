/// Why the planner chose an operation. Every operation carries one, so a plan explains itself; `text` is
/// the short English shown in the plan's text rendering.
public enum Cause: Sendable, Hashable {
    /// The resource does not exist.
    case missing
    /// The container's spec changed; `fields` names the field groups (empty when the observed container
    /// carries no per-group digests, e.g. one created by docker compose).
    case configChanged(fields: [String])
    /// The service's image now resolves to another image id.
    case imageChanged
    /// `--force-recreate` (or `--always-recreate-deps` for a dependency).
    case forced
    /// `--renew-anon-volumes`.
    case renewAnonymousVolumes
    case scaledDown
    /// A container of the project whose service is no longer in the compose file.
    case orphan
    /// Another container of the project has the same service and replica number.
    case duplicate
    /// Exited or stopped (exit code when the engine reported one).
    case stopped(exitCode: Int?)
    /// Created but never started.
    case notStarted
    case paused
    case dead
    /// A dependency declared with `restart: true` is recreated, so this container restarts after it.
    case dependencyRecreated(service: String)
    /// A `waitFor` that the listed services depend on.
    case neededBy(services: [String])
    /// The network exists with other settings than the compose file asks for.
    case networkDrift(details: [String])
    /// The container is detached from and reattached to a network that is recreated.
    case networkRecreated(network: String)
    /// A running container is not attached to a network its spec names.
    case notConnected(network: String)
    /// The volume exists with other settings than the compose file asks for.
    case volumeDrift(details: [String])
    /// The container is removed and created again because a volume it mounts is recreated.
    case volumeRecreated(volume: String)
    /// The image is not present on the engine.
    case imageMissing
    /// The pull policy (`pull_policy` or `--pull`) asks for a pull every time.
    case pullAlways
    /// `--build` or `pull_policy: build`.
    case buildRequested
    /// A replacement container left by an interrupted recreate is current: the recreate is finished.
    case interruptedRecreate
    /// A replacement container left by an interrupted recreate no longer matches the spec.
    case staleReplacement
    /// A lifecycle command (`down`, `stop`, `kill`, …) asked for it.
    case requested(command: String)

    /// The case name, stable for JSON output.
    public var kind: String {
        switch self {
        case .missing: "missing"
        case .configChanged: "configChanged"
        case .imageChanged: "imageChanged"
        case .forced: "forced"
        case .renewAnonymousVolumes: "renewAnonymousVolumes"
        case .scaledDown: "scaledDown"
        case .orphan: "orphan"
        case .duplicate: "duplicate"
        case .stopped: "stopped"
        case .notStarted: "notStarted"
        case .paused: "paused"
        case .dead: "dead"
        case .dependencyRecreated: "dependencyRecreated"
        case .neededBy: "neededBy"
        case .networkDrift: "networkDrift"
        case .networkRecreated: "networkRecreated"
        case .notConnected: "notConnected"
        case .volumeDrift: "volumeDrift"
        case .volumeRecreated: "volumeRecreated"
        case .imageMissing: "imageMissing"
        case .pullAlways: "pullAlways"
        case .buildRequested: "buildRequested"
        case .interruptedRecreate: "interruptedRecreate"
        case .staleReplacement: "staleReplacement"
        case .requested: "requested"
        }
    }

    /// Short English for the text rendering.
    public var text: String {
        switch self {
        case .missing: "missing"
        case .configChanged(let fields):
            fields.isEmpty ? "configuration changed" : fields.joined(separator: ", ") + " changed"
        case .imageChanged: "image changed"
        case .forced: "forced recreate"
        case .renewAnonymousVolumes: "renew anonymous volumes"
        case .scaledDown: "scaled down"
        case .orphan: "orphan (service not in the project)"
        case .duplicate: "duplicate replica"
        case .stopped(let code): code.map { "exited with code \($0)" } ?? "stopped"
        case .notStarted: "created, not started"
        case .paused: "paused"
        case .dead: "dead"
        case .dependencyRecreated(let service): "dependency \(service) recreated"
        case .neededBy(let services): "needed by " + services.joined(separator: ", ")
        case .networkDrift(let details): "drift: " + details.joined(separator: ", ")
        case .networkRecreated(let network): "network \(network) recreated"
        case .notConnected(let network): "not connected to \(network)"
        case .volumeDrift(let details): "drift: " + details.joined(separator: ", ")
        case .volumeRecreated(let volume): "volume \(volume) recreated"
        case .imageMissing: "image not present"
        case .pullAlways: "pull policy always"
        case .buildRequested: "build requested"
        case .interruptedRecreate: "finish interrupted recreate"
        case .staleReplacement: "stale replacement of an interrupted recreate"
        case .requested(let command): "compose \(command)"
        }
    }
}
