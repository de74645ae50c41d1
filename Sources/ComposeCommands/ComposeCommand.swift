import ArgumentParser
import ComposeLoader
import ComposeModel
import Foundation

/// The `compose` command tree.
public struct ComposeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Define and run multi-container applications, kept converged.",
        version: ComposeVersion.current,
        subcommands: [BuildCommand.self, ConfigCommand.self, CreateCommand.self, DownCommand.self, ImagesCommand.self,
                      ExecCommand.self, KillCommand.self, LogsCommand.self, LsCommand.self, PauseCommand.self, PlanCommand.self, PsCommand.self,
                      PullCommand.self, PushCommand.self, RestartCommand.self, RmCommand.self, StartCommand.self,
                      StatsCommand.self, StopCommand.self, TopCommand.self, UnpauseCommand.self, UpCommand.self, VersionCommand.self, WatchCommand.self, EngineCommand.self]
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}
}

public enum ComposeVersion {
    public static let current = "0.1.0"
}

extension ComposeCommand {
    /// Parses and runs a command line; returns the process exit status. Exit codes are decided here only:
    /// 0 success (and help), 1 for every failure, as docker compose does.
    public static func execute(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(CommandShorthand.rewrite(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as DiagnosticError {
            var renderer = DiagnosticRenderer(colors: ErrorOutput.useColors("auto"))
            ErrorOutput.write(renderer.render(error.diagnostics))
            return 1
        } catch let error as CommandFailure {
            ErrorOutput.write(error.description)
            return 1
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            ErrorOutput.write(message)
            return 1
        }
    }
}
