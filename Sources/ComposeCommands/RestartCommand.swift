import ArgumentParser
import Reconciler

/// `compose restart`: restarts the containers of services, dependencies first.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart service containers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("t"), .long], help: "Specify a shutdown timeout in seconds")
    var timeout: Int?

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "restart") { observed in
            LifecyclePlanner.restart(observed: observed, scope: context.scope, timeout: timeout)
        }
    }
}
