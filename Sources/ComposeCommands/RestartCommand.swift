import ArgumentParser
import EngineAPI
import Reconciler

/// `compose restart`: restarts the containers of services, dependencies first.
struct RestartCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart service containers")

    static let intent: LifecycleIntent? = .started

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("t"), .long], help: "Specify a shutdown timeout in seconds")
    var timeout: Int?

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.restart(observed: observed, scope: scope, timeout: timeout)
    }
}
