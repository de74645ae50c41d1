import ArgumentParser
import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
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

    @Option(help: "Format the output. Values: [text | json]")
    var format: String = "text"

    @Flag(help: "Exit 0 when converged, 2 when changes are pending, 1 on error")
    var detailedExitcode = false

    @Flag(help: "Recreate containers even if their configuration and image haven't changed")
    var forceRecreate = false

    @Flag(help: "If containers already exist, don't recreate them")
    var noRecreate = false

    @Flag(help: "Remove containers for services not defined in the Compose file")
    var removeOrphans = false

    @Flag(help: "Don't start linked services")
    var noDeps = false

    @Argument(help: "Services to plan (with their dependencies unless --no-deps)")
    var serviceNames: [String] = []

    func validate() throws {
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unsupported format \"\(format)\": use text or json")
        }
        if forceRecreate && noRecreate {
            throw ValidationError("--force-recreate and --no-recreate are incompatible")
        }
    }

    func run() async throws {
        var loaderOptions = LoaderOptions()
        loaderOptions.requestedServices = serviceNames
        let project = try CommandContext.loadProject(global: global, options: loaderOptions)
        let engine = try engineOptions.makeEngine()
        let desired = try Self.desiredState(project)

        let observed: ObservedState
        var localImages: [String: String] = [:]
        do {
            try await engine.ping()
            observed = try await engine.observe(project: project.name)
            for image in Set(desired.services.map(\.image)) {
                if let id = try await engine.imageID(image) { localImages[image] = id }
            }
        } catch {
            throw CommandFailure(error.description)
        }

        var options = PlanOptions()
        options.services = serviceNames.isEmpty ? nil : serviceNames
        options.noDeps = noDeps
        options.forceRecreate = forceRecreate
        options.noRecreate = noRecreate
        options.removeOrphans = removeOrphans
        options.localImages = localImages
        // External networks and volumes are not part of the label-filtered observation yet.
        options.checkExternalResources = false
        let plan: Plan
        do {
            plan = try Planner.plan(desired: desired, observed: observed, options: options)
        } catch {
            throw CommandFailure(error.description)
        }
        StandardOutput.write(format == "json" ? plan.jsonString() + "\n" : plan.text())
        if detailedExitcode && !plan.isConverged {
            throw ExitCode(2)
        }
    }

    static func desiredState(_ project: LoadedProject) throws -> DesiredProject {
        let context = DesiredProjectContext(
            workingDirectory: project.workingDirectory,
            configFiles: project.composeFiles,
            environment: project.environment,
            version: ComposeVersion.current
        )
        do {
            return try DesiredStateBuilder(context: context).build(try project.model())
        } catch let error as DesiredStateError {
            throw CommandFailure(error.description)
        }
    }
}
