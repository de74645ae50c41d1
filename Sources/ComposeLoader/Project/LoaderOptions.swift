import ComposeModel

/// One compose file to load: its path (as given, for messages) and, for `-f -`, its content.
public struct ComposeFileSource: Sendable, Hashable {
    /// Absolute path of the file (`-` for standard input is resolved to `<working dir>/-` style by the caller).
    public var path: String
    /// Content already read (standard input); nil means read `path`.
    public var content: String?

    public init(path: String, content: String? = nil) {
        self.path = path
        self.content = content
    }
}

/// Knobs of one load, mirroring `docker compose config`'s flags and compose-go's loader options.
public struct LoaderOptions: Sendable {
    public var skipInterpolation = false
    public var skipNormalization = false
    public var resolvePaths = true
    public var skipValidation = false
    public var skipConsistencyCheck = false
    public var skipResolveEnvironment = false
    /// Profiles to enable (`--profile`, `COMPOSE_PROFILES`); `*` enables all.
    public var profiles: [String] = []
    /// Services named on the command line: they are enabled whatever their profiles.
    public var requestedServices: [String] = []
    public var limits = YAMLLimits.default

    public init() {}
}

/// Everything a loader phase needs to know about the project being loaded.
public struct LoadContext: Sendable {
    /// The project directory: relative paths resolve against it.
    public var workingDirectory: String
    /// Variables used for interpolation: the process environment over the `.env` / `--env-file` values.
    public var environment: [String: String]
    public var options: LoaderOptions

    public init(workingDirectory: String, environment: [String: String], options: LoaderOptions) {
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.options = options
    }
}
