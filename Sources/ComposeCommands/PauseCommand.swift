import ArgumentParser
import Reconciler

/// `compose pause`: pauses running containers.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "pause") { observed in
            LifecyclePlanner.pause(observed: observed, scope: context.scope)
        }
    }
}
