import ArgumentParser
import EngineEmbedded

/// `compose engine release ID`: run by a container's supervisor when the container ended on its own, to
/// free its network namespace, addresses, published ports and mount. Not for users (hidden from help).
struct EngineReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Free what an exited container holds (run by its supervisor)", shouldDisplay: false)

    @OptionGroup var state: EmbeddedStateOptions

    @Argument(help: "The container's id")
    var container: String

    func run() async throws {
        do {
            try EngineOptions.embeddedEngine(stateDir: state.stateDir).releaseExited(container)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
