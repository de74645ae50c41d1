import ArgumentParser
import EngineAPI
import Reconciler

/// `compose stop`: stops running containers without removing them, dependents first.
struct StopCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop services")

    static let intent: LifecycleIntent? = .stopped

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("t"), .long], help: "Specify a shutdown timeout in seconds")
    var timeout: Int?

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.stop(observed: observed, scope: scope, timeout: timeout)
    }
}
