import ArgumentParser
import EngineAPI
import Reconciler

/// `compose pause`: pauses running containers.
struct PauseCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.pause(observed: observed, scope: scope)
    }
}
