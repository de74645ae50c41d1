/// `compose ls` output as docker compose v2.40 prints it: the table, `--format json`, `-q`; projects sorted by
/// name in all three.
enum LsFormatter {
    /// One project.
    struct Entry: Sendable, Equatable {
        var name: String
        /// `running(2), exited(1)`; see `status(states:)`.
        var status: String
        /// The config files of all its containers, comma-separated; see `configFiles(labels:)`.
        var configFiles: String
    }

    /// The table: NAME, STATUS, CONFIG FILES (the header alone when there is no project).
    static func table(_ entries: [Entry]) -> String {
        TableLayout.compose.render([["NAME", "STATUS", "CONFIG FILES"]]
            + sorted(entries).map { [$0.name, $0.status, $0.configFiles] })
    }

    /// `--format json`: one JSON array (`[]` when empty), no HTML escaping, then a newline.
    static func json(_ entries: [Entry]) -> String {
        JSONText.array(sorted(entries).map {
            .object([("Name", .string($0.name)), ("Status", .string($0.status)),
                     ("ConfigFiles", .string($0.configFiles))])
        }).render() + "\n"
    }

    /// `-q`: the names, one per line.
    static func quiet(_ entries: [Entry]) -> String {
        sorted(entries).map { $0.name + "\n" }.joined()
    }

    /// Projects sorted by name, as docker compose lists them.
    static func sorted(_ entries: [Entry]) -> [Entry] {
        entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The STATUS of a project from its containers' states: each state with its count, states sorted:
    /// `exited(1), running(2)`.
    static func status(states: [String]) -> String {
        var counts: [String: Int] = [:]
        for state in states { counts[state, default: 0] += 1 }
        return counts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { "\($0)(\(counts[$0] ?? 0))" }
            .joined(separator: ", ")
    }

    /// CONFIG FILES from the containers' `com.docker.compose.project.config_files` labels: each file once, in
    /// order of appearance; "N/A" when a container has no such label (docker compose also warns then).
    static func configFiles(labels: [String?]) -> String {
        var files: [String] = []
        for label in labels {
            guard let label else { return "N/A" }
            for file in label.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            where !files.contains(file) {
                files.append(file)
            }
        }
        return files.joined(separator: ",")
    }
}
