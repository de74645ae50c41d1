import ArgumentParser
import EngineAPI
import Reconciler

/// `compose start`: starts existing containers, dependencies first.
struct StartCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start services")

    static let intent: LifecycleIntent? = .started

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.start(observed: observed, scope: scope)
    }
}
