import ArgumentParser
import EngineAPI
import EngineEmbedded

/// `compose engine save`: images to one tar that `docker load`, `compose engine load` and skopeo
/// (`docker-archive:` and `oci-archive:`) all read.
struct EngineSaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save one or more images to a tar archive")

    @OptionGroup var state: EmbeddedStateOptions

    @Option(name: [.customShort("o"), .long], help: "Write to a file")
    var output: String

    @Argument(help: "Images to save, by name or id")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("\"save\" requires at least 1 image") }
    }

    func run() async throws {
        let engine = try await state.engine()
        do {
            var records: [ImageRecord] = []
            for name in images {
                guard let record = try engine.record(name) else {
                    throw CommandFailure("no such image: \(name)")
                }
                records.append(record)
            }
            try ImageArchiveSaver(images: engine.images).save(records, to: output)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("save \(output): \(error)")
        }
    }
}
