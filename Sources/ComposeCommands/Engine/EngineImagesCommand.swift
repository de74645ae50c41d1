import ArgumentParser
import EngineAPI
import EngineEmbedded
import Foundation

/// `compose engine images`: the store's images as `docker images` lists them.
struct EngineImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images in the embedded engine's store")

    @OptionGroup var state: EmbeddedStateOptions

    @Option(help: "Format the output. Values: [table | json]")
    var format: String = "table"

    @Flag(name: [.customShort("q"), .long], help: "Only display IDs")
    var quiet = false

    func validate() throws {
        if !["table", "json"].contains(format) {
            throw ValidationError("unsupported --format value \"\(format)\": use table or json")
        }
    }

    func run() async throws {
        let engine = try await state.engine()
        let images: [ImageDetails]
        do {
            images = try engine.listImages()
        } catch {
            throw CommandFailure(error.description)
        }
        let rows = EngineImageRows.rows(images)
        if quiet {
            var seen: [String] = []
            for row in rows where !seen.contains(row.shortID) { seen.append(row.shortID) }
            StandardOutput.write(seen.map { $0 + "\n" }.joined())
        } else if format == "json" {
            StandardOutput.write(EngineImageRows.json(rows))
        } else {
            StandardOutput.write(EngineImageRows.table(rows, now: Date()))
        }
    }
}

/// One line per name of each image (`<none>` for a dangling one), newest first, as `docker images` shows them.
enum EngineImageRows {
    struct Row: Equatable {
        var repository: String
        var tag: String
        var id: String
        var created: String?
        var size: Int64

        var shortID: String { String(id.split(separator: ":").last?.prefix(12) ?? "") }
    }

    static func rows(_ images: [ImageDetails]) -> [Row] {
        var rows: [Row] = []
        for image in images {
            let names = image.references.compactMap(ImageReference.init(parsing:))
            if names.isEmpty {
                rows.append(Row(repository: "<none>", tag: "<none>", id: image.id, created: image.created, size: image.size))
            }
            for name in names {
                rows.append(Row(repository: name.familiarName, tag: name.tag ?? "<none>", id: image.id, created: image.created,
                                size: image.size))
            }
        }
        return rows.sorted { ($0.created ?? "", $1.repository, $1.tag) > ($1.created ?? "", $0.repository, $0.tag) }
    }

    static func table(_ rows: [Row], now: Date) -> String {
        TableLayout.docker.render([["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]] + rows.map { row in
            let created = row.created.flatMap { LogTime.parse($0, now: now.timeIntervalSince1970) }
                .map { HumanUnits.duration(seconds: now.timeIntervalSince1970 - $0) + " ago" } ?? "N/A"
            return [row.repository, row.tag, row.shortID, created, HumanUnits.size(Double(row.size))]
        })
    }

    static func json(_ rows: [Row]) -> String {
        JSONText.array(rows.map { row in
            .object([("Repository", .string(row.repository)), ("Tag", .string(row.tag)), ("ID", .string(row.id)),
                     ("CreatedAt", .string(row.created ?? "")), ("Size", .int(row.size))])
        }).render() + "\n"
    }
}
