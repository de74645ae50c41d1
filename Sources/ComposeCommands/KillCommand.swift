import ArgumentParser
import Reconciler

/// `compose kill`: sends a signal (SIGKILL by default) to running containers.
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Force stop service containers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("s"), .long], help: "SIGNAL to send to the container")
    var signal: String = "SIGKILL"

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "kill") { observed in
            LifecyclePlanner.kill(observed: observed, scope: context.scope, signal: signal)
        }
    }
}
