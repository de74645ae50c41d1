import EngineAPI
import Foundation

/// `compose images` output as docker compose v2.40 prints it: one row per container, sorted by container
/// name, in a table (`CONTAINER REPOSITORY TAG PLATFORM IMAGE ID SIZE CREATED`), as JSON, or ids only.
struct ImagesFormatter: Sendable {
    /// One container and the image it runs.
    struct Entry: Sendable, Equatable {
        var container: String
        /// The container's image as created (`busybox:1`, or an id).
        var image: String
        var details: ImageDetails
    }

    let now: Date

    func table(_ entries: [Entry]) -> String {
        var rows = [["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"]]
        for entry in Self.sorted(entries) {
            let (repository, tag) = Self.repositoryAndTag(entry.image)
            let id = entry.details.id.split(separator: ":").last.map { String($0.prefix(12)) } ?? entry.details.id
            rows.append([entry.container, repository ?? "<none>", tag ?? "<none>", entry.details.platform, id,
                         HumanUnits.size(Double(entry.details.size)), created(entry.details)])
        }
        return TableLayout.compose.render(rows)
    }

    /// `--format json`: an array of objects with docker compose's field names and order.
    func json(_ entries: [Entry]) -> String {
        JSONText.array(Self.sorted(entries).map { entry in
            let (repository, tag) = Self.repositoryAndTag(entry.image)
            return .object([("ID", .string(entry.details.id)), ("ContainerName", .string(entry.container)),
                            ("Repository", .string(repository ?? "")), ("Tag", .string(tag ?? "")),
                            ("Platform", .string(entry.details.platform)), ("Size", .int(entry.details.size)),
                            ("LastTagTime", .string(entry.details.created ?? "0001-01-01T00:00:00Z"))])
        }).render() + "\n"
    }

    /// `-q`: image ids without the algorithm, each once, in container order.
    static func quiet(_ entries: [Entry]) -> String {
        var seen: [String] = []
        for entry in sorted(entries) {
            let id = entry.details.id.split(separator: ":").last.map(String.init) ?? entry.details.id
            if !seen.contains(id) { seen.append(id) }
        }
        return seen.map { $0 + "\n" }.joined()
    }

    static func sorted(_ entries: [Entry]) -> [Entry] {
        entries.sorted { $0.container.utf8.lexicographicallyPrecedes($1.container.utf8) }
    }

    /// Repository (familiar form) and tag of a reference; both nil for an image id, as docker's parser refuses those.
    static func repositoryAndTag(_ image: String) -> (String?, String?) {
        if image.hasPrefix("sha256:") { return (nil, nil) }
        guard let reference = ImageReference(parsing: image) else { return (nil, nil) }
        return (reference.familiarName, reference.tag)
    }

    /// "2 days ago"; "N/A" when the image has no creation time.
    func created(_ details: ImageDetails) -> String {
        guard let text = details.created, let seconds = LogTime.parse(text, now: now.timeIntervalSince1970) else { return "N/A" }
        return HumanUnits.duration(seconds: now.timeIntervalSince1970 - seconds) + " ago"
    }
}
