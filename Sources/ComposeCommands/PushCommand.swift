import ArgumentParser
import EngineAPI
import Reconciler

/// `compose push`: pushes the image (and extra `build.tags`) of every service that both builds and names
/// its image, as docker compose does; other services are skipped.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push service images")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(help: "Push what it can and ignores images with push failures")
    var ignorePushFailures = false

    @Flag(help: "Also push images of services declared as dependencies")
    var includeDeps = false

    @Flag(name: [.customShort("q"), .long], help: "Push without printing progress information")
    var quiet = false

    @Argument(help: "Services whose images to push (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames)
        var references: [String] = []
        for service in session.selectedServices(serviceNames, noDeps: !includeDeps) {
            guard let model = session.model.services[service.name], let image = model.image, let build = model.build else { continue }
            for reference in [image] + build.tags where !references.contains(reference) {
                references.append(reference)
            }
        }
        let operations = references.enumerated().map { index, reference in
            PlannedOperation(id: index, resource: ResourceID(.image, reference), operation: .pushImage(reference: reference),
                             cause: .requested(command: "push"), dependencies: [])
        }
        let plan = Plan(project: session.name, operations: operations, warnings: [])
        if global.dryRun {
            StandardOutput.write(plan.text())
            return
        }
        let output = try ExecutionOutput(project: session.name, global: quiet ? GlobalOptions.quietCopy(global) : global,
                                         command: "push")
        let executor = PlanExecutor(engine: session.engine, options: ExecutorOptionsFactory.make(global: global)) { output.event($0) }
        output.begin(plan)
        let report = await executor.execute(plan)
        output.end(report)
        if !report.succeeded && !ignorePushFailures { throw ExitCode(1) }
    }
}
