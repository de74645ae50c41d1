import ArgumentParser
import Foundation
import Reconciler

/// `compose watch`: converge the project, then keep it converged (repairs, edits of the project files,
/// `develop.watch` actions) until SIGINT/SIGTERM. The stack keeps running afterwards.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch build context for service and rebuild/refresh containers when files are updated",
        discussion: "Keeps the project converged: a removed or stopped container is repaired (with backoff), an edit of the compose files, .env or an env_file is planned and applied, and develop.watch rules sync, restart or rebuild. A service stopped with compose stop or kill stays stopped until compose start, restart or up; compose down of the project ends the watch. Stop with Ctrl+C."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(help: "Do not build & start services before watching")
    var noUp = false

    @Flag(help: "Prune dangling images on rebuild")
    var prune = false

    @Flag(help: "hide build output")
    var quiet = false

    @Argument(help: "Services to watch (with their dependencies)")
    var serviceNames: [String] = []

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames)
        if !session.engine.capabilities.containers {
            throw CommandFailure("the \(session.engineName) engine does not run containers yet: use --engine docker")
        }
        let signals = SignalTrap()
        var options = PlanOptions()
        options.services = serviceNames.isEmpty ? nil : serviceNames
        let output = try WatchOutput(project: session.name, global: global)
        if noUp { output.note("--no-up: the first turn still converges the project (watch mode keeps it converged)") }
        var run = WatchRun(session: session, global: global, services: serviceNames, planOptions: options,
                           output: output, signals: signals)
        run.prune = prune
        let status = await run.run()
        throw ExitCode(status)
    }
}
