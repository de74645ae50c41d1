import ArgumentParser
import EngineAPI
import EngineEmbedded

/// `compose engine load`: images from a `docker save` tarball or an OCI layout (directory or tar), as
/// `docker load` reads them, unpacked so containers can start from them at once.
struct EngineLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load images from a docker save tar archive or an OCI image layout")

    @OptionGroup var state: EmbeddedStateOptions

    @Option(name: [.customShort("i"), .long], help: "Read from a tar archive file or an OCI layout directory")
    var input: String

    @Option(help: "Image to load from an OCI layout with several (its org.opencontainers.image.ref.name)")
    var select: String?

    @Flag(name: [.customShort("q"), .long], help: "Suppress the load output")
    var quiet = false

    func run() async throws {
        let engine = try await state.engine()
        do {
            let loaded = try ImageArchiveLoader(images: engine.images, platform: engine.platform).load(path: input, select: select)
            for image in loaded {
                if let record = try engine.images.record(id: image.id.description) {
                    try engine.unpackLayers(of: record)
                }
                guard !quiet else { continue }
                if let reference = image.reference {
                    StandardOutput.write("Loaded image: \(reference.familiarName):\(reference.tag ?? "latest")\n")
                } else {
                    StandardOutput.write("Loaded image ID: \(image.id)\n")
                }
            }
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
