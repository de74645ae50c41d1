import ArgumentParser
import EngineAPI
import EngineEmbedded

/// `compose engine prune`: what stopped containers and crashed runs hold, dangling images (with `-a` every
/// image no container uses), then the blobs, unpacked layers and abandoned downloads nothing needs — the
/// output `docker image prune` gives, after one line per container resource freed.
struct EnginePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Remove unused images and the content no image needs")

    @OptionGroup var state: EmbeddedStateOptions

    @Flag(name: [.customShort("a"), .long], help: "Remove all unused images, not just dangling ones")
    var all = false

    @Flag(name: [.customShort("f"), .long], help: "Do not prompt for confirmation")
    var force = false

    func run() async throws {
        let engine = try await state.engine()
        if !force {
            let what = all ? "all images without at least one container associated to them"
                : "all dangling images"
            let prompt = "WARNING! This will remove \(what).\nAre you sure you want to continue? [y/N] "
            guard try Confirmation.ask(prompt, refusal: "refusing to prune without confirmation: use -f") else { return }
        }
        do {
            for line in try engine.collectContainerGarbage() { StandardOutput.write("freed: \(line)\n") }
            let removed = try engine.images.prune(all: all, inUse: try engine.imagesInUse())
            let report = try engine.collectGarbage()
            var text = ""
            if !removed.isEmpty {
                text += "Deleted Images:\n"
                for record in removed {
                    if let reference = record.reference { text += "untagged: \(reference.familiarName):\(reference.tag ?? "latest")\n" }
                }
                for id in Set(removed.map(\.id)).sorted() { text += "deleted: \(id)\n" }
                text += "\n"
            }
            text += "Total reclaimed space: \(HumanUnits.size(Double(report.bytesFreed)))\n"
            StandardOutput.write(text)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
