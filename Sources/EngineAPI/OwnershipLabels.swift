/// Label keys that mark what belongs to a project. The `com.docker.compose.*` keys are docker compose v2's,
/// so each tool sees the other's containers; the `io.swift-compose.*` keys are ours.
public enum OwnershipLabels {
    public static let project = "com.docker.compose.project"
    public static let service = "com.docker.compose.service"
    public static let containerNumber = "com.docker.compose.container-number"
    public static let oneoff = "com.docker.compose.oneoff"
    public static let configHash = "com.docker.compose.config-hash"
    public static let configFiles = "com.docker.compose.project.config_files"
    public static let workingDir = "com.docker.compose.project.working_dir"
    public static let environmentFile = "com.docker.compose.project.environment_file"
    public static let network = "com.docker.compose.network"
    public static let volume = "com.docker.compose.volume"
    public static let version = "com.docker.compose.version"
    public static let dependsOn = "com.docker.compose.depends_on"
    public static let imageDigest = "com.docker.compose.image"
    public static let replace = "com.docker.compose.replace"

    /// Version of our digest algorithm: a newer swift-compose never recreates containers because this changed.
    public static let digestVersion = "io.swift-compose.digest-version"
    /// Per-field-group digests (`image=ab12…,environment=…`) that let a plan say which fields changed.
    public static let fieldDigests = "io.swift-compose.field-digests"
    /// Set on a replacement container while it runs under its temporary name.
    public static let replacing = "io.swift-compose.replacing"
    /// Set on a one-shot container whose run completed with exit 0 for its current digest.
    public static let jobCompleted = "io.swift-compose.job-completed"
}
