import EngineAPI
import Foundation

/// Reads a container's counters straight from its cgroup files (microseconds; `runc events --stats` costs a
/// process and ~200 ms per sample). cgroup v1 has one directory per controller, v2 one unified directory.
public enum CgroupStats {
    /// `cgroupsPath` as given to runc (e.g. "/emb/<id>"). Throws `.notFound` when the cgroup is gone (the
    /// container is not running).
    public static func read(cgroupsPath: String, root: String = "/sys/fs/cgroup") throws(EngineError) -> ContainerStatsSample {
        let relative = cgroupsPath.hasPrefix("/") ? cgroupsPath : "/" + cgroupsPath
        if FileSystem.exists(root + "/cgroup.controllers") {
            return try readV2(directory: root + relative)
        }
        return try readV1(root: root, relative: relative)
    }

    static func readV1(root: String, relative: String) throws(EngineError) -> ContainerStatsSample {
        let memory = "\(root)/memory\(relative)"
        guard let usage = number(ProcFile.read(memory + "/memory.usage_in_bytes")) else {
            throw EngineError(.notFound, "cgroup \(memory): no memory.usage_in_bytes")
        }
        let limit = number(ProcFile.read(memory + "/memory.limit_in_bytes"))
        let stat = keyedNumbers(ProcFile.read(memory + "/memory.stat"))
        // cpuacct is often co-mounted as "cpu,cpuacct"; "cpuacct" is then a symlink to it.
        let cpu = number(ProcFile.read("\(root)/cpuacct\(relative)/cpuacct.usage"))
        let pids = number(ProcFile.read("\(root)/pids\(relative)/pids.current"))
        return ContainerStatsSample(
            cgroupVersion: 1, memoryUsage: usage,
            // The kernel's "no limit" is PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB pages).
            memoryLimit: limit.flatMap { $0 >= 1 << 62 ? nil : $0 },
            memoryInactiveFile: stat["total_inactive_file"] ?? stat["inactive_file"] ?? 0,
            cpuUsageNanoseconds: cpu ?? 0, pids: pids ?? 0, readAt: Date().timeIntervalSince1970)
    }

    static func readV2(directory: String) throws(EngineError) -> ContainerStatsSample {
        guard let usage = number(ProcFile.read(directory + "/memory.current")) else {
            throw EngineError(.notFound, "cgroup \(directory): no memory.current")
        }
        let stat = keyedNumbers(ProcFile.read(directory + "/memory.stat"))
        let cpu = keyedNumbers(ProcFile.read(directory + "/cpu.stat"))
        return ContainerStatsSample(
            cgroupVersion: 2, memoryUsage: usage,
            memoryLimit: number(ProcFile.read(directory + "/memory.max")),  // "max": nil
            memoryInactiveFile: stat["inactive_file"] ?? 0,
            cpuUsageNanoseconds: (cpu["usage_usec"] ?? 0) &* 1000,
            pids: number(ProcFile.read(directory + "/pids.current")) ?? 0, readAt: Date().timeIntervalSince1970)
    }

    /// A file holding one number; nil when absent or not a number ("max").
    static func number(_ text: String?) -> UInt64? {
        text.flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// "key value" lines (memory.stat, cpu.stat).
    static func keyedNumbers(_ text: String?) -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in (text ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = UInt64(fields[1]) { values[String(fields[0])] = value }
        }
        return values
    }
}
