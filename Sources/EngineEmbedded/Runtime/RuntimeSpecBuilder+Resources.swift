import EngineAPI
import Foundation
import Glibc

extension RuntimeSpecBuilder {
    /// cgroup limits with Docker's rules: memory at least 6 MiB, swap (memory + swap) defaults to twice the
    /// memory and is only valid with a memory limit, `cpus` as a CFS quota per 100 ms period.
    static func resources(_ limits: ResourceLimits) throws(EngineError) -> OCIRuntimeSpec.Resources {
        var resources = OCIRuntimeSpec.Resources()
        var memory = OCIRuntimeSpec.Memory()
        if let limit = limits.memoryBytes, limit > 0 {
            guard limit >= 6 << 20 else { throw EngineError(.invalidArgument, "minimum memory limit allowed is 6MB") }
            memory.limit = limit
        }
        if let reservation = limits.memoryReservationBytes, reservation > 0 { memory.reservation = reservation }
        if let swap = limits.memorySwapBytes, swap != 0 {
            guard let limit = memory.limit else {
                throw EngineError(.invalidArgument, "you should always set the memory limit when using a memory+swap limit")
            }
            guard swap < 0 || swap >= limit else {
                throw EngineError(.invalidArgument, "minimum memory+swap limit should be larger than the memory limit")
            }
            memory.swap = swap
        } else if let limit = memory.limit {
            memory.swap = limit * 2
        }
        if limits.oomKillDisable == true { memory.disableOOMKiller = true }
        if memory != OCIRuntimeSpec.Memory() { resources.memory = memory }

        var cpu = OCIRuntimeSpec.CPU()
        if let nano = limits.nanoCPUs, nano > 0 {
            cpu.period = 100_000
            cpu.quota = nano / 10_000
        }
        if let shares = limits.cpuShares, shares > 0 { cpu.shares = UInt64(shares) }
        if let cpuset = nonEmpty(limits.cpuset) { cpu.cpus = cpuset }
        if cpu != OCIRuntimeSpec.CPU() { resources.cpu = cpu }

        if let pids = limits.pidsLimit, pids > 0 { resources.pids = .init(limit: pids) }
        return resources
    }

    /// `devices:` as device nodes (type, major and minor read from the host path; a directory maps every
    /// device below it) and device-cgroup allow rules with the mapping's permissions.
    static func devices(_ mappings: [DeviceMapping]) throws(EngineError) -> (nodes: [OCIRuntimeSpec.Device], rules: [OCIRuntimeSpec.DeviceRule]) {
        var nodes: [OCIRuntimeSpec.Device] = []
        var rules: [OCIRuntimeSpec.DeviceRule] = []
        for mapping in mappings {
            let permissions = mapping.permissions.isEmpty ? "rwm" : mapping.permissions
            guard permissions.allSatisfy({ "rwm".contains($0) }) else {
                throw EngineError(.invalidArgument, "device \(mapping.hostPath): invalid permissions \(permissions)")
            }
            let target = mapping.containerPath.isEmpty ? mapping.hostPath : mapping.containerPath
            var info = stat()
            guard stat(mapping.hostPath, &info) == 0 else {
                throw EngineError(.invalidArgument, "error gathering device information while adding custom device \(mapping.hostPath)",
                                  cause: String(cString: strerror(errno)))
            }
            var found: [(path: String, info: stat)] = []
            if info.st_mode & S_IFMT == S_IFDIR {
                for relative in FileManager.default.subpaths(atPath: mapping.hostPath) ?? [] {
                    var child = stat()
                    if stat(mapping.hostPath + "/" + relative, &child) == 0 { found.append((target + "/" + relative, child)) }
                }
            } else {
                found.append((target, info))
            }
            for (path, info) in found {
                guard let node = deviceNode(path: path, info) else { continue }
                nodes.append(node)
                rules.append(.init(allow: true, type: node.type, major: node.major, minor: node.minor, access: permissions))
            }
            if info.st_mode & S_IFMT != S_IFDIR, nodes.last?.path != target {
                throw EngineError(.invalidArgument, "\(mapping.hostPath) is not a device node")
            }
        }
        return (nodes, rules)
    }

    private static func deviceNode(path: String, _ info: stat) -> OCIRuntimeSpec.Device? {
        let type: String
        switch info.st_mode & S_IFMT {
        case S_IFCHR: type = "c"
        case S_IFBLK: type = "b"
        default: return nil
        }
        // glibc's major()/minor() are macros: the same bit layout, by hand.
        let rdev = UInt64(info.st_rdev)
        let major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~UInt64(0xfff))
        let minor = (rdev & 0xff) | ((rdev >> 12) & ~UInt64(0xff))
        return OCIRuntimeSpec.Device(path: path, type: type, major: Int64(major), minor: Int64(minor),
                                     fileMode: UInt32(info.st_mode & 0o777), uid: info.st_uid, gid: info.st_gid)
    }
}
