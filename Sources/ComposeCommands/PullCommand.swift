import ArgumentParser
import EngineAPI
import Reconciler

/// `compose pull`: pulls the images of the services, each reference once, in parallel.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull service images")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(help: "Ignore images that can be built")
    var ignoreBuildable = false

    @Flag(help: "Pull what it can and ignores images with pull failures")
    var ignorePullFailures = false

    @Flag(name: [.customShort("q"), .long], help: "Pull without printing progress information")
    var quiet = false

    @Argument(help: "Services whose images to pull (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames)
        var references: [String] = []
        for service in session.selectedServices(serviceNames, noDeps: true) {
            let model = session.model.services[service.name]
            // A service that only builds has no image to pull; `--ignore-buildable` also skips built images.
            if model?.image == nil || (ignoreBuildable && model?.build != nil) { continue }
            if service.pullPolicy == .never || service.pullPolicy == .build { continue }
            if !references.contains(service.image) { references.append(service.image) }
        }
        var builder = [PlannedOperation]()
        for (index, reference) in references.enumerated() {
            builder.append(PlannedOperation(id: index, resource: ResourceID(.image, reference),
                                            operation: .pullImage(reference: reference),
                                            cause: .requested(command: "pull"), dependencies: []))
        }
        let plan = Plan(project: session.name, operations: builder, warnings: [])
        if global.dryRun {
            StandardOutput.write(plan.text())
            return
        }
        let output = try ExecutionOutput(project: session.name, global: quiet ? GlobalOptions.quietCopy(global) : global,
                                         command: "pull")
        let executor = PlanExecutor(engine: session.engine, options: ExecutorOptionsFactory.make(global: global)) { output.event($0) }
        output.begin(plan)
        let report = await executor.execute(plan)
        output.end(report)
        if !report.succeeded && !ignorePullFailures { throw ExitCode(1) }
    }
}

extension GlobalOptions {
    /// The same options with progress output turned off (`pull -q`).
    static func quietCopy(_ global: GlobalOptions) -> GlobalOptions {
        var copy = global
        copy.progress = "quiet"
        return copy
    }
}
