/// One reading of a container's cgroup counters (what `docker stats` derives its figures from).
public struct ContainerStatsSample: Sendable, Hashable, Codable {
    /// 1 or 2: the cgroup hierarchy the figures came from.
    public var cgroupVersion: Int
    /// Memory charged to the cgroup, page cache included (v1 `memory.usage_in_bytes`, v2 `memory.current`).
    public var memoryUsage: UInt64
    /// nil when unlimited.
    public var memoryLimit: UInt64?
    /// Reclaimable page cache (v1 `total_inactive_file`, v2 `inactive_file` of `memory.stat`).
    public var memoryInactiveFile: UInt64
    /// CPU time used, in nanoseconds (v1 `cpuacct.usage`, v2 `cpu.stat usage_usec` × 1000).
    public var cpuUsageNanoseconds: UInt64
    public var pids: UInt64
    /// When the sample was read (seconds since 1970), for CPU rates between two samples.
    public var readAt: Double

    public init(cgroupVersion: Int, memoryUsage: UInt64, memoryLimit: UInt64?, memoryInactiveFile: UInt64,
                cpuUsageNanoseconds: UInt64, pids: UInt64, readAt: Double) {
        self.cgroupVersion = cgroupVersion
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.memoryInactiveFile = memoryInactiveFile
        self.cpuUsageNanoseconds = cpuUsageNanoseconds
        self.pids = pids
        self.readAt = readAt
    }

    /// Docker's "MEM USAGE": usage minus the inactive page cache.
    public var memoryUsedWithoutCache: UInt64 {
        memoryUsage > memoryInactiveFile ? memoryUsage - memoryInactiveFile : memoryUsage
    }
}
