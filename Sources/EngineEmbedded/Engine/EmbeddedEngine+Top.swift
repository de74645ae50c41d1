import EngineAPI
import Foundation

extension EmbeddedEngine {
    /// As dockerd does it: the container's pids from runc, then the host's `ps -ef` rows of those pids.
    public func topContainer(_ id: String) async throws(EngineError) -> ProcessTable {
        let record = try containers.resolve(id)
        guard [.running, .paused].contains(status(record).state) else {
            throw EngineError(.conflict, "container \(record.id) is not running", resource: resourceID(of: record))
        }
        let client = runc
        return try await offload { () throws(EngineError) in
            let pids = Set(try client.processes(record.id).map(String.init))
            let listing = try HostCommand.check(HostCommand.find("ps"), ["-ef"], what: "list the processes of \(record.name)")
            return EmbeddedEngine.processTable(psOutput: listing.stdoutText, pids: pids)
        }
    }

    /// `ps -ef` output cut into columns (the last, CMD, keeps its spaces), only the rows of `pids`.
    static func processTable(psOutput: String, pids: Set<String>) -> ProcessTable {
        let lines = psOutput.split(separator: "\n").map(String.init)
        guard let header = lines.first else { return ProcessTable(titles: [], processes: []) }
        let titles = header.split(separator: " ").map(String.init)
        let pidColumn = titles.firstIndex(of: "PID") ?? 1
        var rows: [[String]] = []
        for line in lines.dropFirst() {
            var fields = line.split(separator: " ", maxSplits: max(titles.count - 1, 0), omittingEmptySubsequences: true).map(String.init)
            guard fields.count == titles.count, pids.contains(fields[pidColumn]) else { continue }
            fields[fields.count - 1] = fields[fields.count - 1].trimmingCharacters(in: .whitespaces)
            rows.append(fields)
        }
        return ProcessTable(titles: titles, processes: rows)
    }
}
