import ArgumentParser
import EngineAPI
import Reconciler

/// `compose kill`: sends a signal (SIGKILL by default) to running containers.
struct KillCommand: ServiceLifecycleCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Force stop service containers")

    static let intent: LifecycleIntent? = .stopped

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.customShort("s"), .long], help: "SIGNAL to send to the container")
    var signal: String = "SIGKILL"

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan {
        LifecyclePlanner.kill(observed: observed, scope: scope, signal: signal)
    }
}
