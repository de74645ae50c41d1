/// One reading of a container's resource counters (`compose stats`); rates come from two readings.
public struct ContainerStats: Sendable, Hashable, Codable {
    /// Seconds since 1970 when read.
    public var readAt: Double
    /// CPU time used so far, in nanoseconds.
    public var cpuNanoseconds: UInt64
    /// Memory in use without the reclaimable page cache (Docker's "MEM USAGE").
    public var memoryUsage: UInt64
    /// The memory limit, or the host's memory when unlimited.
    public var memoryLimit: UInt64
    public var pids: UInt64
    public var networkReceived: UInt64
    public var networkTransmitted: UInt64
    public var blockRead: UInt64
    public var blockWritten: UInt64

    public init(readAt: Double, cpuNanoseconds: UInt64, memoryUsage: UInt64, memoryLimit: UInt64, pids: UInt64,
                networkReceived: UInt64 = 0, networkTransmitted: UInt64 = 0, blockRead: UInt64 = 0, blockWritten: UInt64 = 0) {
        self.readAt = readAt
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.pids = pids
        self.networkReceived = networkReceived
        self.networkTransmitted = networkTransmitted
        self.blockRead = blockRead
        self.blockWritten = blockWritten
    }
}
