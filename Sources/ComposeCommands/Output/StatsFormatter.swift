import EngineAPI
import Foundation

/// `compose stats` rows as docker prints them: CPU from two readings, memory in binary units, I/O in decimal.
struct StatsFormatter: Sendable {
    struct Row: Sendable, Hashable {
        var id: String
        var name: String
        var cpu: String
        var memoryUsage: String
        var memoryPercent: String
        var networkIO: String
        var blockIO: String
        var pids: String
    }

    var noTrunc = false

    func row(id: String, name: String, previous: ContainerStats?, current: ContainerStats) -> Row {
        var cpu = 0.0
        if let previous, current.readAt > previous.readAt, current.cpuNanoseconds >= previous.cpuNanoseconds {
            cpu = Double(current.cpuNanoseconds - previous.cpuNanoseconds) / ((current.readAt - previous.readAt) * 1e9) * 100
        }
        let memoryPercent = current.memoryLimit > 0 ? Double(current.memoryUsage) / Double(current.memoryLimit) * 100 : 0
        return Row(id: noTrunc ? id : String(id.prefix(12)), name: name, cpu: String(format: "%.2f%%", cpu),
                   memoryUsage: "\(Self.binary(current.memoryUsage)) / \(Self.binary(current.memoryLimit))",
                   memoryPercent: String(format: "%.2f%%", memoryPercent),
                   networkIO: "\(HumanUnits.size(Double(current.networkReceived))) / \(HumanUnits.size(Double(current.networkTransmitted)))",
                   blockIO: "\(HumanUnits.size(Double(current.blockRead))) / \(HumanUnits.size(Double(current.blockWritten)))",
                   pids: String(current.pids))
    }

    /// go-units BytesSize: four significant digits, binary units ("3.832MiB", "7.667GiB").
    static func binary(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.4g", value) + units[unit]
    }

    static let titles = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]

    /// docker's tabwriter: cells at least 10 wide plus 3 spaces, the last column unpadded.
    func table(_ rows: [Row]) -> String {
        let cells = [Self.titles] + rows.map { [$0.id, $0.name, $0.cpu, $0.memoryUsage, $0.memoryPercent, $0.networkIO, $0.blockIO, $0.pids] }
        var widths = [Int](repeating: 10, count: Self.titles.count)
        for line in cells {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return cells.map { line in
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }

    /// `--format json`: one object per container, docker's keys.
    func json(_ rows: [Row]) -> String {
        rows.map { row in
            let fields = [("BlockIO", row.blockIO), ("CPUPerc", row.cpu), ("Container", row.name), ("ID", row.id),
                          ("MemPerc", row.memoryPercent), ("MemUsage", row.memoryUsage), ("Name", row.name),
                          ("NetIO", row.networkIO), ("PIDs", row.pids)]
            return "{" + fields.map { "\"\($0.0)\":\(GoText.quote($0.1))" }.joined(separator: ",") + "}\n"
        }.joined()
    }
}
