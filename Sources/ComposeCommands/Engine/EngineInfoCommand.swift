import ArgumentParser
import EngineAPI
import EngineEmbedded
import Foundation

/// `compose engine info`: where the embedded engine keeps its state, what it holds, and which of the host
/// tools it relies on are present.
struct EngineInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Display the embedded engine's state and requirements")

    @OptionGroup var state: EmbeddedStateOptions

    @Option(help: "Format the output. Values: [text | json]")
    var format: String = "text"

    func validate() throws {
        if !["text", "json"].contains(format) {
            throw ValidationError("unsupported --format value \"\(format)\": use text or json")
        }
    }

    func run() async throws {
        let engine = try await state.engine()
        let info: EngineInfo
        do {
            info = try EngineInfo.gather(engine)
        } catch {
            throw CommandFailure(error.description)
        }
        StandardOutput.write(format == "json" ? info.json() : info.text())
    }
}

/// The facts `engine info` shows.
struct EngineInfo {
    var stateDirectory: String
    var platform: String
    var images: Int
    var layers: Int
    var blobs: Int
    var contentBytes: Int64
    var tools: [(name: String, path: String?)]

    static func gather(_ engine: EmbeddedEngine) throws(EngineError) -> EngineInfo {
        let digests = try engine.images.content.allDigests()
        let bytes = digests.reduce(Int64(0)) { $0 + (engine.images.content.size(of: $1) ?? 0) }
        let tools = ["runc", "docker-init", "tini-static", "zstd"].map { name in
            (name: name, path: Self.which(name))
        }
        return EngineInfo(stateDirectory: engine.stateDirectory, platform: engine.platform.description,
                          images: Set(try engine.images.records().map(\.configDigest)).count,
                          layers: try engine.layers.allChainIDs().count, blobs: digests.count, contentBytes: bytes, tools: tools)
    }

    /// The first executable `name` on PATH (or the sbin directories root has).
    static func which(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func text() -> String {
        var lines = [
            "Engine: embedded", "State directory: \(stateDirectory)", "Platform: \(platform)",
            "Images: \(images)", "Unpacked layers: \(layers)",
            "Content: \(blobs) blobs, \(HumanUnits.size(Double(contentBytes)))",
            "Runs containers: no (this version manages images only; use --engine docker to run them)",
            "Host tools:",
        ]
        lines += tools.map { "  \($0.name): \($0.path ?? "not found")" }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> String {
        JSONText.object([
            ("Engine", .string("embedded")), ("StateDirectory", .string(stateDirectory)), ("Platform", .string(platform)),
            ("Images", .int(Int64(images))), ("Layers", .int(Int64(layers))), ("Blobs", .int(Int64(blobs))),
            ("ContentBytes", .int(contentBytes)), ("RunsContainers", .bool(false)),
            ("Tools", .object(tools.map { ($0.name, $0.path.map(JSONText.string) ?? .null) })),
        ]).render() + "\n"
    }
}
