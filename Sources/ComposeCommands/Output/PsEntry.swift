/// One container as `compose ps` shows it. Plain data: the command fills it from the engine's observation.
struct PsEntry: Sendable, Equatable {
    /// A port of the container: published (`hostIP`, `hostPort`) or only exposed (`hostIP` empty, `hostPort` 0).
    struct Port: Sendable, Equatable {
        var hostIP: String
        var hostPort: Int
        var containerPort: Int
        var proto: String

        init(hostIP: String = "", hostPort: Int = 0, containerPort: Int, proto: String = "tcp") {
            self.hostIP = hostIP
            self.hostPort = hostPort
            self.containerPort = containerPort
            self.proto = proto
        }
    }

    var id: String
    /// The container name without its leading slash: `proj-web-1`.
    var name: String
    var image: String
    /// The engine's command line (`sh -c 'echo hi'`).
    var command: String
    var project: String
    var service: String
    /// Creation time, seconds since 1970.
    var created: Int64
    /// The engine state: running, exited, created, paused, restarting, removing, dead.
    var state: String
    /// The engine's status sentence: "Up 2 minutes", "Exited (0) 3 seconds ago".
    var status: String
    /// healthy, unhealthy, starting or empty; shown only for running containers.
    var health: String
    /// Shown only for exited and dead containers.
    var exitCode: Int
    var ports: [Port]
    var labels: [String: String]
    var networks: [String]
    /// Volume names, or the source of bind mounts.
    var mounts: [String]
    /// How many mounts use the `local` volume driver.
    var localVolumes: Int
    var sizeRw: Int64
    var sizeRootFs: Int64

    init(
        id: String, name: String, image: String, command: String, project: String, service: String,
        created: Int64, state: String, status: String, health: String = "", exitCode: Int = 0,
        ports: [Port] = [], labels: [String: String] = [:], networks: [String] = [], mounts: [String] = [],
        localVolumes: Int = 0, sizeRw: Int64 = 0, sizeRootFs: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.image = image
        self.command = command
        self.project = project
        self.service = service
        self.created = created
        self.state = state
        self.status = status
        self.health = health
        self.exitCode = exitCode
        self.ports = ports
        self.labels = labels
        self.networks = networks
        self.mounts = mounts
        self.localVolumes = localVolumes
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
    }
}
