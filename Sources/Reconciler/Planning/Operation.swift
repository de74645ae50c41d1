import EngineAPI

/// One engine call of a plan. The executor maps each case to exactly one `ContainerEngine` method (or, for
/// `waitFor`, to polling observations); it never decides anything the plan does not say.
public enum Operation: Sendable, Hashable {
    case createNetwork(NetworkSpec)
    case removeNetwork(name: String)
    case connectNetwork(container: ContainerRef, attachment: NetworkAttachment)
    case disconnectNetwork(container: ContainerRef, network: String)
    case createVolume(VolumeSpec)
    case removeVolume(name: String)
    case pullImage(reference: String)
    /// Pushes a local image to its registry (`compose push`).
    case pushImage(reference: String)
    /// Builds the image of a service with a `build:` section. The executor owns the build context; the
    /// plan only says which service and which image name the result gets.
    case buildImage(service: String, image: String)
    /// Creates a container. `inheritVolumesFrom` names the replaced container whose anonymous volumes the
    /// new one reuses (docker compose's behaviour unless `--renew-anon-volumes`).
    case createContainer(ContainerSpec, inheritVolumesFrom: ContainerRef?)
    case startContainer(ContainerRef)
    case stopContainer(ContainerRef, timeout: Int?)
    /// `removeVolumes` also removes the container's anonymous volumes; `force` kills it first if it runs.
    case removeContainer(ContainerRef, removeVolumes: Bool, force: Bool)
    case renameContainer(from: ContainerRef, to: String)
    case unpauseContainer(ContainerRef)
    case pauseContainer(ContainerRef)
    case killContainer(ContainerRef, signal: String)
    /// Removes a local image (`down --rmi`).
    case removeImage(reference: String)
    /// Blocks dependents until every container of `service` meets `condition`.
    case waitFor(service: String, condition: WaitCondition, required: Bool)

    /// The case name, stable for JSON output and tests.
    public var kind: String {
        switch self {
        case .createNetwork: "createNetwork"
        case .removeNetwork: "removeNetwork"
        case .connectNetwork: "connectNetwork"
        case .disconnectNetwork: "disconnectNetwork"
        case .createVolume: "createVolume"
        case .removeVolume: "removeVolume"
        case .pullImage: "pullImage"
        case .pushImage: "pushImage"
        case .buildImage: "buildImage"
        case .createContainer: "createContainer"
        case .startContainer: "startContainer"
        case .stopContainer: "stopContainer"
        case .removeContainer: "removeContainer"
        case .renameContainer: "renameContainer"
        case .unpauseContainer: "unpauseContainer"
        case .pauseContainer: "pauseContainer"
        case .killContainer: "killContainer"
        case .removeImage: "removeImage"
        case .waitFor: "waitFor"
        }
    }

    /// Whether the operation changes something on the engine (everything but waiting).
    public var isMutating: Bool {
        if case .waitFor = self { return false }
        return true
    }
}

/// A container as an operation addresses it: by id when it was observed (the exact object, even if renamed
/// meanwhile), by name when the plan itself creates it.
public struct ContainerRef: Sendable, Hashable, CustomStringConvertible {
    public var id: String?
    public var name: String

    public init(id: String? = nil, name: String) {
        self.id = id
        self.name = name
    }

    /// What to pass to the engine: the id when known, else the name.
    public var engineReference: String { id ?? name }

    public var description: String { name }
}

/// What a `waitFor` operation waits for (the `depends_on` conditions that are not implied by ordering).
public enum WaitCondition: String, Sendable, Hashable {
    case healthy = "service_healthy"
    case completedSuccessfully = "service_completed_successfully"
}
