/// What every engine (embedded, docker, swarm) offers the reconciler. Each method is one engine call;
/// the executor decides nothing, the planner never calls an engine.
public protocol ContainerEngine: Sendable {
    /// A stable name of the endpoint (socket path, URL, state directory): the project lock is keyed by it.
    var endpoint: String { get }
    var capabilities: EngineCapabilities { get }

    func ping() async throws(EngineError)
    /// Every container, network and volume carrying the project label (`com.docker.compose.project`).
    func observe(project: String) async throws(EngineError) -> ObservedState

    func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String
    func removeNetwork(_ name: String) async throws(EngineError)
    func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError)
    func disconnect(container: String, from network: String) async throws(EngineError)

    func createVolume(_ spec: VolumeSpec) async throws(EngineError)
    func removeVolume(_ name: String) async throws(EngineError)

    /// The image id (`sha256:…`) of a local image, nil when the engine does not have it.
    func imageID(_ reference: String) async throws(EngineError) -> String?
    /// `imageID` of several references at once, absent ones left out. Engines that can answer in one call
    /// (Docker: one image list) do, so observing a project costs the same whatever its number of images.
    func imageIDs(_ references: [String]) async throws(EngineError) -> [String: String]
    func pullImage(_ reference: String) async throws(EngineError)

    /// Creates a container; returns its id.
    func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String
    func startContainer(_ id: String) async throws(EngineError)
    /// Sends the stop signal, waits `timeout` seconds (nil: the container's own), then kills.
    func stopContainer(_ id: String, timeout: Int?) async throws(EngineError)
    func killContainer(_ id: String, signal: String) async throws(EngineError)
    func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError)
    func renameContainer(_ id: String, to name: String) async throws(EngineError)
    func pauseContainer(_ id: String) async throws(EngineError)
    func unpauseContainer(_ id: String) async throws(EngineError)

    // Reading what one observation does not say.

    /// Every container carrying the project label, whatever the project (for `compose ls`).
    func observeAllProjects() async throws(EngineError) -> [ObservedContainer]
    /// Containers of any owner whose name is one of `names` (one call): the planner refuses to take a name a
    /// foreign container holds.
    func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer]
    /// A network or volume by engine-side name, whatever its labels (external resources); nil if absent.
    func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork?
    func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume?
    func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails

    // Images beyond lookup and pull.

    /// Builds an image; returns its id. Engines without `capabilities.build` fail with `.unsupported`.
    /// `output` receives the builder's progress lines as they come.
    func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String
    /// Removes a local image by reference or id (`down --rmi`); `.notFound` when absent.
    func removeImage(_ reference: String, force: Bool) async throws(EngineError)
    /// A local image by reference or id; nil when absent (`compose images`).
    func inspectImage(_ reference: String) async throws(EngineError) -> ImageDetails?
    /// Pushes a local image to the registry its reference names (`compose push`).
    func pushImage(_ reference: String) async throws(EngineError)

    // Streams. Both end when the calling task is cancelled; errors end them with an `EngineError`.

    /// A container's output; with `follow`, until the container stops.
    func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error>
    /// Blocks until the container is not running; returns its exit code.
    func waitContainer(_ id: String) async throws(EngineError) -> Int
    /// Events of the project's containers, networks and volumes from now (or `since`, seconds since 1970).
    func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error>

    // Watch mode (`develop.watch`): files into a container, commands in it.

    /// Copies host files and directories (not their contents: list each file) into the container's
    /// filesystem, creating missing parent directories; existing files are replaced.
    func copyToContainer(_ id: String, entries: [CopyEntry]) async throws(EngineError)
    /// Runs a command in a running container, waits for it, and returns its exit code.
    func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int

    /// The processes running in a container, as `ps -ef` shows them (`compose top`).
    func topContainer(_ id: String) async throws(EngineError) -> ProcessTable

    /// One reading of a running container's CPU, memory, pids, network and block counters (`compose stats`).
    func statsContainer(_ id: String) async throws(EngineError) -> ContainerStats
}

extension ContainerEngine {
    public func copyToContainer(_ id: String, entries: [CopyEntry]) async throws(EngineError) {
        throw EngineError(.unsupported, "this engine cannot copy files into a container yet", resource: nil, cause: id)
    }

    public func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int {
        throw EngineError(.unsupported, "this engine cannot run a command in a container yet", resource: nil, cause: id)
    }

    public func topContainer(_ id: String) async throws(EngineError) -> ProcessTable {
        throw EngineError(.unsupported, "this engine cannot list a container's processes yet", resource: nil, cause: id)
    }

    public func statsContainer(_ id: String) async throws(EngineError) -> ContainerStats {
        throw EngineError(.unsupported, "this engine cannot read a container's resource usage yet", resource: nil, cause: id)
    }
}

extension ContainerEngine {
    /// One `imageID` call per reference, for engines without a cheaper way.
    public func imageIDs(_ references: [String]) async throws(EngineError) -> [String: String] {
        var found: [String: String] = [:]
        for reference in references {
            if let id = try await imageID(reference) { found[reference] = id }
        }
        return found
    }
}

/// Optional features an engine may lack; the reconciler checks them at plan time.
public struct EngineCapabilities: Sendable, Hashable {
    /// Whether the engine runs containers (and their networks and volumes); an images-only engine does not.
    public var containers: Bool
    public var build: Bool
    public var pause: Bool
    public var ipv6: Bool
    public var swarmServices: Bool

    public init(containers: Bool = true, build: Bool = false, pause: Bool = true, ipv6: Bool = true, swarmServices: Bool = false) {
        self.containers = containers
        self.build = build
        self.pause = pause
        self.ipv6 = ipv6
        self.swarmServices = swarmServices
    }
}

/// An engine event that may make the project dirty (watch mode); it carries no desired-state decision.
public struct EngineEvent: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        case create, start, die, stop, destroy, kill, pause, unpause, rename
        case healthStatus = "health_status"
        case networkCreate = "network_create"
        case networkDestroy = "network_destroy"
        case networkConnect = "network_connect"
        case networkDisconnect = "network_disconnect"
        case volumeCreate = "volume_create"
        case volumeDestroy = "volume_destroy"
        case other
    }

    public var action: Action
    /// The object's id or name.
    public var subject: String
    public var labels: [String: String]
    public var time: Double

    public init(action: Action, subject: String, labels: [String: String] = [:], time: Double = 0) {
        self.action = action
        self.subject = subject
        self.labels = labels
        self.time = time
    }
}
