import ArgumentParser
import Reconciler

/// `compose unpause`: unpauses paused containers.
struct UnpauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "unpause") { observed in
            LifecyclePlanner.unpause(observed: observed, scope: context.scope)
        }
    }
}
