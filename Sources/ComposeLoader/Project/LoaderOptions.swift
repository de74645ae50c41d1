import ComposeModel

/// One compose file to load: its path (as given, for messages) and, for `-f -`, its content.
public struct ComposeFileSource: Sendable, Hashable {
    /// Absolute path of the file (`-` for standard input is resolved to `<working dir>/-` style by the caller).
    public var path: String
    /// Content already read (standard input); nil means read `path`.
    public var content: String?
    /// The YAML documents of `content`, when already parsed (the project name needs them before loading).
    public var documents: [ComposeNode]?

    public init(path: String, content: String? = nil, documents: [ComposeNode]? = nil) {
        self.path = path
        self.content = content
        self.documents = documents
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
    /// The shape of the loaded document: docker compose prints JSON and YAML from differently tagged
    /// structures (YAML omits zero values and keeps `x-` keys); the typed model reads the JSON shape.
    public var outputShape = TypedFormat.json

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
