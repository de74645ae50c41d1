import Foundation

// Engine-side only (not compiled into the shim).
extension ShimState {
    /// Field 22 of `/proc/<pid>/stat`: the process start time in clock ticks after boot; nil when gone.
    public static func processStartTime(_ pid: Int32) -> UInt64? {
        guard let stat = ProcFile.read("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        // The command (field 2) may hold spaces or parentheses: count fields after its last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// Whether the recorded shim still runs: its pid exists with the recorded start time (not a reused pid).
    public var shimIsAlive: Bool {
        Self.processStartTime(shimPid) == shimStartTime
    }
}
