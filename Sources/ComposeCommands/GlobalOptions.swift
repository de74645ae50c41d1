import ArgumentParser

/// Options every command accepts, before or after the command name, as docker compose's global flags.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: [.customShort("f"), .long], help: "Compose configuration files")
    public var file: [String] = []

    @Option(name: [.customShort("p"), .long], help: "Project name")
    public var projectName: String?

    @Option(help: ArgumentHelp("Specify an alternate working directory\n(default: the path of the, first specified, Compose file)"))
    public var projectDirectory: String?

    @Option(help: "Specify an alternate environment file")
    public var envFile: [String] = []

    @Option(help: "Specify a profile to enable")
    public var profile: [String] = []

    @Option(help: "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")")
    public var ansi: String?

    @Option(help: "Set type of progress output (auto, tty, plain, json, quiet)")
    public var progress: String?

    @Option(help: "Control max parallelism, -1 for unlimited")
    public var parallel: Int?

    @Flag(help: "Execute command in dry run mode")
    public var dryRun = false

    public init() {}
}
