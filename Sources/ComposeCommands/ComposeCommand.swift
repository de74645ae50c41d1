import ArgumentParser

/// The `compose` command tree.
public struct ComposeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Define and run multi-container applications, kept converged.",
        version: ComposeVersion.current,
        subcommands: [ConfigCommand.self, VersionCommand.self]
    )

    public init() {}
}

public enum ComposeVersion {
    public static let current = "0.1.0"
}
