import EngineAPI
import Foundation

/// `compose ps` output as docker compose v2.40 prints it: the table, `--format json` lines, `-q`, `--services`.
/// Pure: the current time and time zone are parameters.
struct PsFormatter: Sendable {
    /// Now, for the CREATED column ("2 minutes ago").
    var now: Date
    /// The zone of `CreatedAt` in JSON (Go prints local time).
    var timeZone: TimeZone = .current
    /// false for `--no-trunc`: full ids, commands and mount names.
    var truncate: Bool = true

    static let headers = ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]

    /// Containers in the order docker compose lists them: by name.
    static func sorted(_ entries: [PsEntry]) -> [PsEntry] {
        entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The default table (also `--format table`); the header alone when there is no container.
    func table(_ entries: [PsEntry]) -> String {
        var rows = [Self.headers]
        for entry in Self.sorted(entries) {
            rows.append([entry.name, entry.image, command(entry), entry.service, runningFor(entry), entry.status,
                         PortsFormat.display(entry.ports)])
        }
        return TableLayout.docker.render(rows)
    }

    /// The output for a `--format` value: `table` (or empty) and `json`; docker's Go templates are not supported.
    func render(_ entries: [PsEntry], format: String) throws(CommandFailure) -> String {
        switch format {
        case "", "table": return table(entries)
        case "json": return json(entries)
        default: throw CommandFailure("unsupported --format value \"\(format)\": use table or json")
        }
    }

    /// `--format json`: one object per container and line, keys sorted, HTML characters escaped (docker's
    /// formatter marshals a map with Go's json.Marshal).
    func json(_ entries: [PsEntry]) -> String {
        Self.sorted(entries).map { jsonObject($0).render(escapeHTML: true) + "\n" }.joined()
    }

    /// `-q`: full container ids, one per line.
    static func quiet(_ entries: [PsEntry]) -> String {
        sorted(entries).map { $0.id + "\n" }.joined()
    }

    /// `--services`: each service once, in container-name order. docker compose prints a blank line when there
    /// is none.
    static func services(_ entries: [PsEntry]) -> String {
        var seen: [String] = []
        for entry in sorted(entries) where !seen.contains(entry.service) {
            seen.append(entry.service)
        }
        return seen.joined(separator: "\n") + "\n"
    }

    func jsonObject(_ entry: PsEntry) -> JSONText {
        let showsExitCode = entry.state == "exited" || entry.state == "dead"
        let publishers = entry.ports.enumerated()
            .sorted { ($0.element.containerPort, $0.offset) < ($1.element.containerPort, $1.offset) }
            .map { item -> JSONText in
                let port = item.element
                return .object([
                    ("URL", .string(port.hostIP)),
                    ("TargetPort", .int(Int64(port.containerPort))),
                    ("PublishedPort", .int(Int64(port.hostPort))),
                    ("Protocol", .string(port.proto)),
                ])
            }
        return .object([
            ("Command", .string(command(entry))),
            ("CreatedAt", .string(createdAt(entry))),
            ("ExitCode", .int(Int64(showsExitCode ? entry.exitCode : 0))),
            ("Health", .string(entry.state == "running" ? entry.health : "")),
            ("ID", .string(truncate ? GoText.truncateID(entry.id) : entry.id)),
            ("Image", .string(entry.image)),
            // docker joins a Go map in random order; sorted here so the output is stable.
            ("Labels", .string(entry.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ","))),
            ("LocalVolumes", .string(String(entry.localVolumes))),
            ("Mounts", .string(entry.mounts.map { truncate ? GoText.ellipsis($0, 15) : $0 }.joined(separator: ","))),
            ("Name", .string(entry.name)),
            ("Names", .string(entry.name)),
            ("Networks", .string(entry.networks.sorted().joined(separator: ","))),
            ("Ports", .string(PortsFormat.display(entry.ports))),
            ("Project", .string(entry.project)),
            ("Publishers", .array(publishers)),
            ("RunningFor", .string(runningFor(entry))),
            ("Service", .string(entry.service)),
            ("Size", .string(size(entry))),
            ("State", .string(entry.state)),
            ("Status", .string(entry.status)),
        ])
    }

    /// The COMMAND column: cut to 20 columns with "…", then Go-quoted.
    func command(_ entry: PsEntry) -> String {
        GoText.quote(truncate ? GoText.ellipsis(entry.command, 20) : entry.command)
    }

    /// The CREATED column: "3 seconds ago".
    func runningFor(_ entry: PsEntry) -> String {
        HumanUnits.duration(seconds: now.timeIntervalSince1970 - Double(entry.created)) + " ago"
    }

    /// Go's time.Time.String() of the creation: `2026-11-29 13:01:25 +0000 UTC`.
    func createdAt(_ entry: PsEntry) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(entry.created))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let zoneName = offset == 0 && ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"]
            .contains(timeZone.identifier) ? "UTC" : (timeZone.abbreviation(for: date) ?? "")
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
            + sign + String(format: "%02d%02d", abs(offset) / 3600, abs(offset) % 3600 / 60) + " " + zoneName
    }

    /// `0B`, or `2B (virtual 21.5MB)` when the root filesystem size is known.
    func size(_ entry: PsEntry) -> String {
        let writable = HumanUnits.size(Double(entry.sizeRw))
        guard entry.sizeRootFs > 0 else { return writable }
        return "\(writable) (virtual \(HumanUnits.size(Double(entry.sizeRootFs))))"
    }
}
