import ArgumentParser
import EngineAPI
import Reconciler

/// `start`, `stop`, `restart`, `kill`, `pause`, `unpause`: load the project (or its labels), then plan with
/// `LifecyclePlanner` and execute under the project lock. Each command only says which plan it wants.
protocol ServiceLifecycleCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    var engineOptions: EngineOptions { get }
    var serviceNames: [String] { get }

    func plan(_ observed: ObservedState, scope: LifecycleScope) -> Plan

    /// What the command tells a watcher of the project (nil: nothing).
    static var intent: LifecycleIntent? { get }
}

extension ServiceLifecycleCommand {
    static var intent: LifecycleIntent? { nil }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: Self.configuration.commandName ?? "", intent: Self.intent) { observed in
            plan(observed, scope: context.scope)
        }
    }
}
