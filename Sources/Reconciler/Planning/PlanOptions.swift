/// Per-call knobs of `Planner.plan`, mirroring the flags of `up`/`create` (`--force-recreate`, `--no-deps`,
/// …). Defaults give the plan of a plain `compose up`.
public struct PlanOptions: Sendable, Hashable {
    /// `--pull`: overrides every service's `pull_policy` when set.
    public enum PullOverride: String, Sendable, Hashable {
        case always
        case missing
        case never
    }

    /// Services named on the command line; nil plans every service.
    public var services: [String]?
    /// `--no-deps`: plan only `services`, leave their dependencies alone.
    public var noDeps = false
    /// `--force-recreate`.
    public var forceRecreate = false
    /// `--no-recreate`.
    public var noRecreate = false
    /// `--always-recreate-deps`: recreate dependencies pulled in by `services`, not only the services.
    public var alwaysRecreateDeps = false
    /// `--no-start`: create, never start.
    public var noStart = false
    /// `-V/--renew-anon-volumes`: recreate without inheriting anonymous volumes.
    public var renewAnonVolumes = false
    /// `-t/--timeout` in seconds for stops; nil uses each container's own stop grace period.
    public var timeout: Int?
    /// `--pull`.
    public var pull: PullOverride?
    /// `--build`: build every service that has a `build:` section.
    public var build = false
    /// `--no-build`: never build, even an image that is missing.
    public var noBuild = false
    /// Plan no pulls or builds: this run already brought the images (`up` pulls and builds first, then
    /// plans again with the new image ids, so image changes are seen).
    public var skipImages = false
    /// `--remove-orphans`.
    public var removeOrphans = false
    /// `-y`: allow removing and recreating a volume whose settings drifted (its data is lost).
    public var confirmVolumeRecreate = false
    /// Image ids of images present on the engine, by the reference services use. nil when the caller did
    /// not inspect images: then nothing is pulled for a `missing` policy and image changes are not detected.
    public var localImages: [String: String]?
    /// Whether the observed state lists external networks and volumes (found by name, without project
    /// labels). When true, an external resource missing from it fails the plan as docker compose does.
    public var checkExternalResources = true

    public init() {}
}
