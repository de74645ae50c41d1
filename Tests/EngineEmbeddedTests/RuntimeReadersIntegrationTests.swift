import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// The log reader and the cgroup stats reader on real containers: compose-shim supervising runc (root, busybox).
@Suite("Log reader and cgroup stats on real compose-shim + runc containers (root)",
       .enabled(if: ShimTestBundle.enabled, "needs root, runc, /bin/busybox, the built compose-shim and SWIFT_COMPOSE_IT containing 'embedded'"))
struct RuntimeReadersIntegrationTests {
    @Test("follow reads every line through several rotations, joins a 20,000-byte line and ends after the exit")
    func followRealShim() async throws {
        // Ten 4 KB files hold everything written (about 32 KB), so the reader finds every line even when the
        // concurrency pool, starved by other suites' blocking waits, starts it late (lines rotated away before
        // a reader gets to them are lost, with Docker too); the output still rotates four times and more.
        let script = "i=0; while [ $i -lt 150 ]; do echo line-$i; [ $((i % 5)) = 0 ] && sleep 0.1; i=$((i+1)); done; sleep 0.5; "
            + "printf '%020000d\\n' 5; printf partial; exit 0"
        let bundle = try ShimTestBundle(script: script, config: ShimConfig(log: ShimLogConfig(maxSize: 4000, maxFile: 10)))
        let directory = bundle.bundle
        let stream = ContainerLogReader.stream(bundle: directory, options: LogOptions(follow: true, timestamps: true)) { () -> Bool in
            FileManager.default.fileExists(atPath: directory + "/" + ShimFiles.exit)
        }
        let collector = Task {
            var lines: [LogLine] = []
            for try await line in stream { lines.append(line) }
            return lines
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            collector.cancel()
        }
        defer { watchdog.cancel() }
        _ = try bundle.launchAndStart()
        let lines = try await collector.value
        #expect(lines.map(\.text) == (0..<150).map { "line-\($0)" } + [String(repeating: "0", count: 19999) + "5", "partial"])
        #expect(lines.allSatisfy { $0.stream == .stdout && $0.timestamp.flatMap(LogTime.seconds) != nil })
        #expect(FileManager.default.fileExists(atPath: bundle.file("ctr.log.4")))
        // Afterwards, without follow: the end of what the kept files hold (each 16 KiB piece rotated alone).
        var kept: [String] = []
        for try await line in ContainerLogReader.stream(bundle: directory, options: LogOptions(tail: 5), isFinished: { true }) {
            kept.append(line.text)
        }
        #expect(kept.suffix(2) == [String(repeating: "0", count: 19999) + "5", "partial"])
    }

    @Test("cgroup stats of a running runc container: its memory limit, processes, CPU time; notFound once gone")
    func cgroupStatsOfContainer() async throws {
        let bundle = try ShimTestBundle(script: "echo ready; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec sleep 30",
                                        config: ShimConfig(), memoryLimit: 32 << 20)
        _ = try bundle.launchAndStart()
        let path = "/\(ShimTestBundle.cgroupParent)/\(bundle.id)"
        #expect(bundle.wait(seconds: 60) { (try? CgroupStats.read(cgroupsPath: path))?.cpuUsageNanoseconds ?? 0 > 10_000_000 })
        let sample = try CgroupStats.read(cgroupsPath: path)
        #expect(sample.memoryLimit == 32 << 20)
        #expect(sample.memoryUsage > 0 && sample.pids >= 1)
        try bundle.runcCommand(["kill", bundle.id, "KILL"])
        #expect(bundle.waitForExit() != nil)
        try bundle.runcCommand(["delete", "-f", bundle.id])
        #expect(bundle.wait(seconds: 60) { (try? CgroupStats.read(cgroupsPath: path)) == nil })
        let gone = #expect(throws: EngineError.self) { try CgroupStats.read(cgroupsPath: path) }
        #expect(gone?.code == .notFound)
    }
}
