import ArgumentParser
import Foundation
import Reconciler

/// `compose rm`: removes stopped service containers (`-s` stops running ones first). Without `-f` it asks
/// for confirmation on a terminal, as docker compose does, and refuses when it cannot ask.
struct RmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Removes stopped service containers",
        discussion: "By default, anonymous volumes attached to containers will not be removed. You can override this with -v. To list all volumes, use \"docker volume ls\"."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    /// `-f` too: `CommandShorthand` turns it into `--force` before parsing (the global `-f` is `--file`).
    @Flag(name: .long, help: "Don't ask to confirm removal (-f)")
    var force = false

    @Flag(name: [.customShort("s"), .long], help: "Stop the containers, if required, before removing")
    var stop = false

    @Flag(name: [.customShort("v"), .long], help: "Remove any anonymous volumes attached to containers")
    var volumes = false

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "rm") { observed in
            let plan = LifecyclePlanner.remove(observed: observed, scope: context.scope, stop: stop, removeVolumes: volumes)
            let names = plan.operations.compactMap { operation -> String? in
                if case .removeContainer(let container, _, _) = operation.operation { container.name } else { nil }
            }
            if names.isEmpty {
                ErrorOutput.write("No stopped containers")
                return plan
            }
            if !force && !global.dryRun {
                let list = names.joined(separator: ", ")
                let refusal = "refusing to remove \(list) without confirmation: use -f"
                guard try Confirmation.ask("Going to remove \(list)\n? Are you sure? (y/N) ", refusal: refusal) else {
                    return Plan(project: plan.project, operations: [], warnings: [])
                }
            }
            return plan
        }
    }
}
