@testable import EngineEmbedded
import EngineAPI
import Foundation
import Testing

@Suite("Cgroup stats: v1 and v2 files into a sample")
struct CgroupStatsTests {
    let root = NSTemporaryDirectory() + "swc-cgroup-\(UUID().uuidString.prefix(8))"

    func write(_ text: String, _ path: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    @Test("cgroup v1: memory, inactive file cache, cpuacct, pids; the kernel's no-limit value is nil")
    func version1() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("430080\n", "memory/emb/c1/memory.usage_in_bytes")
        try write("67108864\n", "memory/emb/c1/memory.limit_in_bytes")
        try write("cache 8192\nrss 200704\ninactive_file 4096\ntotal_cache 8192\ntotal_inactive_file 12288\n", "memory/emb/c1/memory.stat")
        try write("123456789\n", "cpuacct/emb/c1/cpuacct.usage")
        try write("3\n", "pids/emb/c1/pids.current")
        let sample = try CgroupStats.read(cgroupsPath: "/emb/c1", root: root)
        #expect(sample.cgroupVersion == 1)
        #expect(sample.memoryUsage == 430080 && sample.memoryLimit == 67108864)
        #expect(sample.memoryInactiveFile == 12288 && sample.memoryUsedWithoutCache == 430080 - 12288)
        #expect(sample.cpuUsageNanoseconds == 123456789 && sample.pids == 3)
        try write("9223372036854771712\n", "memory/emb/c1/memory.limit_in_bytes")
        #expect(try CgroupStats.read(cgroupsPath: "emb/c1", root: root).memoryLimit == nil)
        let encoded = try JSONEncoder().encode(sample)
        #expect(try JSONDecoder().decode(ContainerStatsSample.self, from: encoded) == sample)
    }

    @Test("cgroup v2: memory.current/max, inactive_file, cpu.stat usage_usec in ns, pids; max is nil")
    func version2() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("cpuset cpu io memory pids\n", "cgroup.controllers")
        try write("1048576\n", "emb/c2/memory.current")
        try write("max\n", "emb/c2/memory.max")
        try write("anon 4096\nfile 8192\ninactive_file 2048\nactive_file 6144\n", "emb/c2/memory.stat")
        try write("usage_usec 2500\nuser_usec 2000\nsystem_usec 500\nnr_periods 0\n", "emb/c2/cpu.stat")
        try write("7\n", "emb/c2/pids.current")
        let sample = try CgroupStats.read(cgroupsPath: "/emb/c2", root: root)
        #expect(sample.cgroupVersion == 2)
        #expect(sample.memoryUsage == 1048576 && sample.memoryLimit == nil && sample.memoryInactiveFile == 2048)
        #expect(sample.cpuUsageNanoseconds == 2_500_000 && sample.pids == 7)
        try write("536870912\n", "emb/c2/memory.max")
        #expect(try CgroupStats.read(cgroupsPath: "/emb/c2", root: root).memoryLimit == 536870912)
    }

    @Test("a cgroup that is gone is notFound; missing optional controllers read as zero")
    func missing() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = #expect(throws: EngineError.self) { try CgroupStats.read(cgroupsPath: "/emb/none", root: root) }
        #expect(error?.code == .notFound)
        try write("100\n", "memory/emb/c3/memory.usage_in_bytes")
        let sample = try CgroupStats.read(cgroupsPath: "/emb/c3", root: root)
        #expect(sample.memoryUsage == 100 && sample.memoryLimit == nil && sample.cpuUsageNanoseconds == 0 && sample.pids == 0)
    }

    @Test("the kernel's own files of a fresh cgroup (root)", .enabled(if: getuid() == 0 && FileManager.default.isWritableFile(atPath: "/sys/fs/cgroup")))
    func kernelFiles() throws {
        let name = "swc-stats-test-\(getpid())"
        let v2 = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        let controllers = v2 ? [""] : ["memory", "cpuacct", "pids"]
        var made: [String] = []
        defer { for directory in made.reversed() { rmdir(directory) } }
        for controller in controllers {
            let directory = "/sys/fs/cgroup/\(controller.isEmpty ? "" : controller + "/")\(name)"
            guard mkdir(directory, 0o755) == 0 else { return }  // a container without cgroup delegation
            made.append(directory)
        }
        let started = ContinuousClock.now
        let sample = try CgroupStats.read(cgroupsPath: "/\(name)")
        let elapsed = ContinuousClock.now - started
        #expect(sample.cgroupVersion == (v2 ? 2 : 1))
        #expect(sample.pids == 0 && sample.cpuUsageNanoseconds == 0)
        #expect(sample.memoryLimit == nil)
        print("cgroup stats read in \(elapsed)")
    }
}
