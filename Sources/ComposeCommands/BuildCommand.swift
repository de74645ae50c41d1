import ArgumentParser
import EngineAPI
import Reconciler

/// `compose build`: builds the images of the services that have a `build:` section, each image once.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build or rebuild services")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(help: "Do not use cache when building the image")
    var noCache = false

    @Flag(help: "Always attempt to pull a newer version of the image")
    var pull = false

    @Option(help: "Set build-time variables for services")
    var buildArg: [String] = []

    @Flag(name: [.customShort("q"), .long], help: "Don't print anything to STDOUT")
    var quiet = false

    @Argument(help: "Services to build (default: all with a build section)")
    var serviceNames: [String] = []

    func validate() throws {
        for argument in buildArg where !argument.contains("=") {
            throw ValidationError("invalid --build-arg \"\(argument)\": use NAME=VALUE")
        }
    }

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames)
        let output = try ExecutionOutput(project: session.name, global: global, command: "build")
        var built: Set<String> = []
        var failed = false
        output.renderer.start()
        for service in session.selectedServices(serviceNames, noDeps: true) {
            guard let build = session.model.services[service.name]?.build, !built.contains(service.image) else { continue }
            built.insert(service.image)
            var spec = BuildSpecMapper.spec(build, image: service.image, workingDirectory: session.project.workingDirectory)
            spec.noCache = spec.noCache || noCache
            spec.pull = spec.pull || pull
            for argument in buildArg {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                spec.args.removeAll { $0.name == parts[0] }
                spec.args.append(BuildArgument(name: parts[0], value: parts.count == 2 ? parts[1] : ""))
            }
            let resource = "Service " + service.name
            output.renderer.emit(.working(resource, "Building"))
            do {
                _ = try await session.engine.buildImage(spec) { line in
                    if !quiet { output.buildOutput(service: service.name, line: line) }
                }
                output.renderer.emit(.done(resource, "Built"))
            } catch {
                output.renderer.emit(.failed(resource, detail: error.description))
                output.renderer.message("failed to build \(service.name): \(error)")
                failed = true
            }
        }
        output.renderer.finish()
        if failed { throw ExitCode(1) }
    }
}
