import ArgumentParser
import EngineAPI
import Reconciler

/// `compose plan`: what `up` would do, one line per engine operation with its cause, without doing it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the operations needed to converge the project, without applying them",
        discussion: "With --detailed-exitcode the exit status is 0 when the project is converged, 2 when changes are pending, 1 on error."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var converge: ConvergeOptions

    @Option(help: "Format the output. Values: [text | json]")
    var format: String = "text"

    @Flag(help: "Exit 0 when converged, 2 when changes are pending, 1 on error")
    var detailedExitcode = false

    @Flag(help: "Plan to create the containers without starting them")
    var noStart = false

    @Argument(help: "Services to plan (with their dependencies unless --no-deps)")
    var serviceNames: [String] = []

    func validate() throws {
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unsupported format \"\(format)\": use text or json")
        }
    }

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames,
                                               scale: try converge.scaleOverrides())
        let (observed, images) = try await session.observe()
        let plan = try await session.plan(observed: observed, images: images,
                                          options: converge.planOptions(services: serviceNames, noStart: noStart))
        StandardOutput.write(format == "json" ? plan.jsonString() + "\n" : plan.text())
        if detailedExitcode && !plan.isConverged {
            throw ExitCode(2)
        }
    }
}
