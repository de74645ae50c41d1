import ArgumentParser
import EngineAPI
import Foundation

/// `compose images`: the image of each of the project's containers, one inspect per distinct image.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images used by the created containers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Option(help: "Format the output. Values: [table | json]")
    var format: String = "table"

    @Flag(name: [.customShort("q"), .long], help: "Only display IDs")
    var quiet = false

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func validate() throws {
        if !["table", "json"].contains(format) {
            throw ValidationError("unsupported --format value \"\(format)\": use table or json")
        }
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        let containers = try await context.observe().containers.filter { context.scope.isSelectedService($0.service) }
        var details: [String: ImageDetails] = [:]
        var entries: [ImagesFormatter.Entry] = []
        for container in containers {
            // The id the container was created from, so a re-tagged image still shows what runs.
            let key = container.imageID ?? container.image
            if details[key] == nil {
                do {
                    details[key] = try await context.engine.inspectImage(key)
                } catch {
                    throw CommandFailure(error.description)
                }
            }
            guard let image = details[key] else {
                throw CommandFailure("no such image: \(container.image) (used by \(container.plainName))")
            }
            entries.append(ImagesFormatter.Entry(container: container.plainName, image: container.image, details: image))
        }
        if quiet {
            StandardOutput.write(ImagesFormatter.quiet(entries))
        } else if format == "json" {
            StandardOutput.write(ImagesFormatter(now: Date()).json(entries))
        } else {
            StandardOutput.write(ImagesFormatter(now: Date()).table(entries))
        }
    }
}
