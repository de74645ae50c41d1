import ArgumentParser
import EngineEmbedded

/// `compose engine …`: the embedded engine's own store, which no Docker command reaches.
struct EngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Manage the embedded engine's image store",
        subcommands: [EngineImagesCommand.self, EngineLoadCommand.self, EngineSaveCommand.self, EnginePruneCommand.self,
                      EngineInfoCommand.self, EngineReleaseCommand.self])
}

/// `--state-dir`, shared by the `engine` subcommands.
struct EmbeddedStateOptions: ParsableArguments, Sendable {
    @Option(help: "State directory of the embedded engine (default: $SWIFT_COMPOSE_STATE_DIR or /var/lib/swift-compose)")
    var stateDir: String?

    /// The engine, with its state directory usable (created when missing).
    func engine() async throws -> EmbeddedEngine {
        let engine = EngineOptions.embeddedEngine(stateDir: stateDir)
        do {
            try await engine.ping()
        } catch {
            throw CommandFailure(error.description)
        }
        return engine
    }
}
