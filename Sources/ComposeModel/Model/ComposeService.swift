/// One service of a compose project, with every attribute docker compose v2.40.3 accepts
/// (compose-go v2.9.1 `types.ServiceConfig`).
///
/// Optional scalars are nil when the attribute is not set; lists and maps are empty when not set. `command`
/// and `entrypoint` keep the difference between unset (nil) and cleared (`[]`).
public struct ComposeService: Sendable, Hashable {
    public var name: String
    public var profiles: [String] = []
    public var annotations: [String: String] = [:]
    public var attach: Bool?
    public var build: ComposeBuild?
    public var develop: ComposeDevelop?
    public var blkioConfig: ComposeBlkioConfig?
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var cgroupParent: String?
    public var cgroup: String?
    public var cpuCount: Int?
    public var cpuPercent: Double?
    public var cpuPeriod: Int?
    public var cpuQuota: Int?
    public var cpuRTPeriod: Int?
    public var cpuRTRuntime: Int?
    public var cpus: Double?
    public var cpuset: String?
    public var cpuShares: Int?
    public var command: [String]?
    public var configs: [ComposeFileReference] = []
    public var containerName: String?
    public var credentialSpec: ComposeCredentialSpec?
    public var dependsOn: [String: ComposeDependency] = [:]
    public var deploy: ComposeDeploy?
    public var deviceCgroupRules: [String] = []
    public var devices: [ComposeDeviceMapping] = []
    public var dns: [String] = []
    public var dnsOpt: [String] = []
    public var dnsSearch: [String] = []
    /// The legacy service-level `dockerfile` attribute (compose-go still accepts it).
    public var dockerfile: String?
    public var domainname: String?
    public var entrypoint: [String]?
    public var provider: ComposeServiceProvider?
    /// Variables; a nil value means "take it from the shell environment", as `FOO` without `=` does.
    public var environment: [String: String?] = [:]
    public var envFile: [ComposeEnvFile] = []
    public var expose: [String] = []
    public var extends: ComposeExtends?
    public var externalLinks: [String] = []
    public var extraHosts: [ComposeExtraHost] = []
    public var groupAdd: [String] = []
    public var gpus: [ComposeDeviceRequest] = []
    public var hostname: String?
    public var healthcheck: ComposeHealthcheck?
    public var image: String?
    public var initProcess: Bool?
    public var ipc: String?
    public var isolation: String?
    public var labels: [String: String] = [:]
    public var labelFile: [String] = []
    public var links: [String] = []
    public var logging: ComposeLogging?
    public var logDriver: String?
    public var logOpt: [String: String] = [:]
    public var memLimit: ComposeByteSize?
    public var memReservation: ComposeByteSize?
    public var memswapLimit: ComposeByteSize?
    public var memSwappiness: ComposeByteSize?
    public var macAddress: String?
    /// Models the service uses; a nil value means the model is attached without options.
    public var models: [String: ComposeServiceModel?] = [:]
    public var net: String?
    public var networkMode: String?
    /// Networks the service joins; a nil value means joined without options.
    public var networks: [String: ComposeServiceNetwork?] = [:]
    public var oomKillDisable: Bool?
    public var oomScoreAdj: Int?
    public var pid: String?
    public var pidsLimit: Int?
    public var platform: String?
    public var ports: [ComposePort] = []
    public var privileged: Bool?
    public var pullPolicy: ComposePullPolicy?
    /// In the schema but not in compose-go's types (so the reference drops it); kept so nothing is lost.
    public var pullRefreshAfter: String?
    public var readOnly: Bool?
    public var restart: ComposeRestartPolicy?
    public var runtime: String?
    public var scale: Int?
    public var secrets: [ComposeFileReference] = []
    public var securityOpt: [String] = []
    public var shmSize: ComposeByteSize?
    public var stdinOpen: Bool?
    public var stopGracePeriod: ComposeDuration?
    public var stopSignal: String?
    public var storageOpt: [String: String] = [:]
    public var sysctls: [String: String] = [:]
    public var tmpfs: [String] = []
    public var tty: Bool?
    public var ulimits: [String: ComposeUlimit] = [:]
    public var useAPISocket: Bool?
    public var user: String?
    public var usernsMode: String?
    public var uts: String?
    public var volumeDriver: String?
    public var volumes: [ComposeServiceVolume] = []
    public var volumesFrom: [String] = []
    public var workingDir: String?
    public var postStart: [ComposeServiceHook] = []
    public var preStop: [ComposeServiceHook] = []
    /// `x-` keys of the service, kept as written.
    public var extensions: [String: ComposeNode] = [:]
    /// Where the service was defined (not part of equality).
    @NotCompared public var location: SourceLocation? = nil

    public init(name: String) {
        self.name = name
    }
}
