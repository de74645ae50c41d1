import ArgumentParser
import Reconciler

/// `compose create`: converge without starting anything (`up --no-start`).
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Creates containers for a service")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var converge: ConvergeOptions

    @Argument(help: "Services to create (with their dependencies unless --no-deps)")
    var serviceNames: [String] = []

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames,
                                               scale: try converge.scaleOverrides())
        let convergence = Convergence(session: session,
                                      planOptions: converge.planOptions(services: serviceNames, noStart: true),
                                      executorOptions: ExecutorOptionsFactory.make(global: global),
                                      output: try ExecutionOutput(project: session.name, global: global, command: "create"))
        let report = try await convergence.runInterruptible(dryRun: global.dryRun, signals: SignalTrap())
        guard let report else { return }
        if report.wasCancelled { throw ExitCode(130) }
        if !report.succeeded { throw ExitCode(1) }
    }
}
