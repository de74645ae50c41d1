import ArgumentParser
import EngineAPI
import Reconciler

/// `compose down`: stop and remove the project's containers and networks (and with `-v` its volumes, with
/// `--rmi` its images). Works from labels alone when the compose file is gone (`-p NAME down`).
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop and remove containers, networks",
        discussion: "Stops containers and removes containers, networks, volumes, and images created by `up`."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(help: "Remove containers for services not defined in the Compose file")
    var removeOrphans = false

    @Option(help: "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")")
    var rmi: String?

    @Option(name: [.customShort("t"), .long], help: "Specify a shutdown timeout in seconds")
    var timeout: Int?

    @Flag(name: [.customShort("v"), .long], help: "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers")
    var volumes = false

    @Argument(help: "Services to stop and remove (default: all)")
    var serviceNames: [String] = []

    func validate() throws {
        if let rmi, rmi != "local", rmi != "all" {
            throw ValidationError("invalid --rmi option \"\(rmi)\": use local or all")
        }
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        try await context.execute(global: global, command: "down", intent: .down) { observed in
            var options = LifecyclePlanner.DownOptions()
            options.removeOrphans = removeOrphans
            options.removeVolumes = volumes
            options.timeout = timeout
            options.images = try await images(context, observed)
            if context.scope.selected != nil {
                // `down SERVICE`: only that service's containers; networks and volumes stay for the others.
                var observed = observed
                observed.containers = observed.containers.filter { context.scope.isSelectedService($0.service) }
                observed.networks = []
                observed.volumes = []
                return LifecyclePlanner.down(observed: observed, scope: context.scope, options: options)
            }
            return LifecyclePlanner.down(observed: observed, scope: context.scope, options: options)
        }
    }

    /// `--rmi all`: every service's image; `--rmi local`: only images named after the project (built without
    /// an `image:`). Only those present are listed, so the plan removes what exists.
    private func images(_ context: LifecycleContext, _ observed: ObservedState) async throws -> [String] {
        guard let rmi else { return [] }
        var candidates: [String] = []
        if let project = context.project, let model = context.model {
            // The desired state names the images of services that only build (`<project>-<service>`).
            let desired = try DesiredStateFactory.make(project, model: model, options: DesiredStateOptions())
            for service in desired.services {
                let explicit = model.services[service.name]?.image != nil
                if rmi == "all" || !explicit { candidates.append(service.image) }
            }
        } else {
            for container in observed.containers {
                let image = container.image
                if rmi == "all" || image.hasPrefix(context.name + "-") || image.hasPrefix(context.name + "_") {
                    candidates.append(image)
                }
            }
        }
        var present: [String] = []
        for image in Set(candidates).sorted() {
            do {
                if try await context.engine.imageID(image) != nil { present.append(image) }
            } catch {
                throw CommandFailure(error.description)
            }
        }
        return present
    }
}
