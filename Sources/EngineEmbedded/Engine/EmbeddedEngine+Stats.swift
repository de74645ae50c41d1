import EngineAPI
import Foundation

extension EmbeddedEngine {
    /// The container's cgroup counters, and its network counters from its namespace's /proc/<pid>/net/dev.
    public func statsContainer(_ id: String) async throws(EngineError) -> ContainerStats {
        let record = try containers.resolve(id)
        let current = status(record)
        guard [.running, .paused].contains(current.state) else {
            throw EngineError(.conflict, "container \(record.id) is not running", resource: resourceID(of: record))
        }
        let sample = try CgroupStats.read(cgroupsPath: "/swift-compose/" + record.id)
        var received: UInt64 = 0, transmitted: UInt64 = 0
        if let pid = current.initPid, let table = ProcFile.read("/proc/\(pid)/net/dev") {
            (received, transmitted) = EmbeddedEngine.networkCounters(table)
        }
        let hostMemory = UInt64(ProcessInfo.processInfo.physicalMemory)
        return ContainerStats(readAt: sample.readAt, cpuNanoseconds: sample.cpuUsageNanoseconds,
                              memoryUsage: sample.memoryUsedWithoutCache,
                              memoryLimit: min(sample.memoryLimit ?? hostMemory, hostMemory), pids: sample.pids,
                              networkReceived: received, networkTransmitted: transmitted)
    }

    /// Received and transmitted bytes of every interface but loopback in a `/proc/net/dev` table.
    static func networkCounters(_ table: String) -> (UInt64, UInt64) {
        var received: UInt64 = 0, transmitted: UInt64 = 0
        for line in table.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard name != "lo" else { continue }
            let fields = line[line.index(after: colon)...].split(separator: " ")
            guard fields.count >= 9 else { continue }
            received += UInt64(fields[0]) ?? 0
            transmitted += UInt64(fields[8]) ?? 0
        }
        return (received, transmitted)
    }
}
