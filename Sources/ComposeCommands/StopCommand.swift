import ArgumentParser
import Reconciler

/// `compose stop`: stops running containers without removing them, dependents first.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("t"), .long], help: "Specify a shutdown timeout in seconds")
    var timeout: Int?

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "stop") { observed in
            LifecyclePlanner.stop(observed: observed, scope: context.scope, timeout: timeout)
        }
    }
}
