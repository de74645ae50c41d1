/// Where a project was loaded from: what docker compose records in its `com.docker.compose.project.*`
/// labels, plus the project environment that secrets and configs with `environment:` read.
public struct DesiredProjectContext: Sendable, Hashable {
    /// Absolute project directory (`com.docker.compose.project.working_dir`).
    public var workingDirectory: String
    /// Absolute compose file paths in `-f` order (`com.docker.compose.project.config_files`, joined by `,`).
    public var configFiles: [String]
    /// `--env-file` paths as given; the `environment_file` label is written only when there are some.
    public var environmentFiles: [String]
    /// The project's interpolation environment (process environment over `.env`).
    public var environment: [String: String]
    /// The tool version written in `com.docker.compose.version`.
    public var version: String

    public init(workingDirectory: String, configFiles: [String], environmentFiles: [String] = [],
                environment: [String: String] = [:], version: String) {
        self.workingDirectory = workingDirectory
        self.configFiles = configFiles
        self.environmentFiles = environmentFiles
        self.environment = environment
        self.version = version
    }
}

/// Per-run knobs of the desired state (`up --scale`, image ids learnt from the engine).
public struct DesiredStateOptions: Sendable, Hashable {
    /// `--scale service=n`: wins over `scale` and `deploy.replicas`.
    public var scale: [String: Int]
    /// Image id (`sha256:…`) per service once pulled or built: written in `com.docker.compose.image`, as
    /// docker compose does, so a new image is seen as a change. Not part of the config digests.
    public var imageIDs: [String: String]

    public init(scale: [String: Int] = [:], imageIDs: [String: String] = [:]) {
        self.scale = scale
        self.imageIDs = imageIDs
    }
}
