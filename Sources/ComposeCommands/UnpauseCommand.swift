import ArgumentParser
import EngineAPI
import Reconciler

/// `compose unpause`: unpauses paused containers.
struct UnpauseCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.unpause(observed: observed, scope: scope)
    }
}
