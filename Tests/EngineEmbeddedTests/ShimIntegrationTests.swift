import EngineAPI
@testable import EngineEmbedded
import Foundation
import Glibc
import Testing

/// The built `compose-shim` supervising real runc containers: root, runc and SWIFT_COMPOSE_IT containing
/// `embedded`.
@Suite("compose-shim supervising runc containers (root)",
       .enabled(if: ShimTestBundle.enabled, "needs root, runc, /bin/busybox, the built compose-shim and SWIFT_COMPOSE_IT containing 'embedded'"))
struct ShimIntegrationTests {
    @Test("exit code, stdout and stderr as json-file lines with the partial last line; the shim outlives its launcher")
    func exitCodeAndLogs() throws {
        let bundle = try ShimTestBundle(script: "echo out1; echo 'quote\" tab\tx' >&2; sleep 0.3; printf partial; exit 7",
                                        config: ShimConfig())
        let initPid = try bundle.launchAndStart()
        let state = try bundle.state()
        // The launcher has exited (launch waited for it); the supervisor lives on and reaped runc create.
        #expect(state.shimIsAlive)
        #expect(state.status == .running)
        #expect(state.initPid == initPid)
        #expect(ShimTestBundle.parent(of: initPid) == state.shimPid)
        #expect(ShimTestBundle.parent(of: state.shimPid) != getpid())

        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 7)
        #expect(exit.oomKilled == false)
        #expect(exit.error == nil)
        let lines = try bundle.logLines()
        #expect(lines.map(\.log) == ["out1\n", "quote\" tab\tx\n", "partial"])
        #expect(lines.map(\.stream) == ["stdout", "stderr", "stdout"])
        #expect(lines.allSatisfy { $0.time.count == 30 && $0.time.hasSuffix("Z") })
        let final = try bundle.state()
        #expect(final.status == .exited)
        #expect(final.lastExitCode == 7)
        #expect(bundle.wait { !final.shimIsAlive })
    }

    @Test("a container killed with SIGKILL exits 137")
    func killed() throws {
        let bundle = try ShimTestBundle(script: "echo ready; exec sleep 60", config: ShimConfig())
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { (try? bundle.logLines().count) == 1 })
        try bundle.runcCommand(["kill", bundle.id, "KILL"])
        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 137)
    }

    @Test("a container killed by the OOM killer exits 137 with oomKilled")
    func oomKilled() throws {
        let bundle = try ShimTestBundle(script: "tail /dev/zero", config: ShimConfig(), memoryLimit: 16 << 20)
        _ = try bundle.launchAndStart()
        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 137)
        #expect(exit.oomKilled == true)
    }

    @Test("json-file rotation at max-size keeps max-file files")
    func rotation() throws {
        let log = ShimLogConfig(maxSize: 2000, maxFile: 3)
        let bundle = try ShimTestBundle(script: "i=0; while [ $i -lt 100 ]; do echo line-$i; i=$((i+1)); done; exit 0",
                                        config: ShimConfig(log: log))
        _ = try bundle.launchAndStart()
        #expect(try #require(bundle.waitForExit()).exitCode == 0)
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: bundle.file("ctr.log.1")))
        #expect(fm.fileExists(atPath: bundle.file("ctr.log.2")))
        #expect(!fm.fileExists(atPath: bundle.file("ctr.log.3")))
        for name in ["ctr.log", "ctr.log.1", "ctr.log.2"] {
            let size = try #require(try fm.attributesOfItem(atPath: bundle.file(name))[.size] as? Int)
            #expect(size <= 2000)
        }
        let newest = try bundle.logLines()
        #expect(newest.last?.log == "line-99\n")
        // The kept files hold a contiguous tail of the output, oldest first.
        let kept = try bundle.logLines("ctr.log.2") + bundle.logLines("ctr.log.1") + newest
        let first = try #require(Int(kept[0].log.dropFirst(5).dropLast()))
        #expect(kept.map(\.log) == (first..<100).map { "line-\($0)\n" })
    }

    @Test("a line longer than 16 KiB is split into a partial entry and the rest")
    func longLine() throws {
        let bundle = try ShimTestBundle(script: "printf '%020000d\\n' 5; exit 0", config: ShimConfig())
        _ = try bundle.launchAndStart()
        #expect(try #require(bundle.waitForExit()).exitCode == 0)
        let lines = try bundle.logLines()
        #expect(lines.map(\.log.utf8.count) == [16384, 20000 - 16384 + 1])
        #expect(lines.map { $0.log.hasSuffix("\n") } == [false, true])
        #expect(lines.map(\.log).joined() == String(repeating: "0", count: 19999) + "5\n")
    }

    @Test("logging driver none writes no log")
    func noneDriver() throws {
        let bundle = try ShimTestBundle(script: "echo hidden; exit 0", config: ShimConfig(log: ShimLogConfig(driver: "none")))
        _ = try bundle.launchAndStart()
        #expect(try #require(bundle.waitForExit()).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: bundle.file(ShimFiles.log)))
    }

    @Test("on-failure:2 restarts exactly twice, then stops with the last exit code")
    func onFailure() throws {
        let bundle = try ShimTestBundle(script: "echo run; exit 3",
                                        config: ShimConfig(restart: .onFailure(maxRetries: 2), backoffInitialMs: 50))
        _ = try bundle.launchAndStart()
        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 3)
        let state = try bundle.state()
        #expect(state.restartCount == 2)
        #expect(state.status == .exited)
        #expect(state.startedAt != nil)
        #expect(try bundle.logLines().map(\.log) == ["run\n", "run\n", "run\n"])
    }

    @Test("always restarts until the stopped-by-user marker is there, then the shim lets the container go")
    func alwaysAndMarker() throws {
        let bundle = try ShimTestBundle(script: "echo run; exec sleep 60",
                                        config: ShimConfig(restart: .always, backoffInitialMs: 50))
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { (try? bundle.logLines().count) == 1 })
        try bundle.runcCommand(["kill", bundle.id, "KILL"])
        #expect(bundle.wait { (try? bundle.state())?.restartCount == 1 && (try? bundle.logLines().count) == 2 })
        #expect(bundle.exitRecord() == nil)
        let shimPid = try bundle.state().shimPid
        #expect(bundle.wait { ShimTestBundle.zombieChildren(of: shimPid).isEmpty })

        _ = FileManager.default.createFile(atPath: bundle.file(ShimFiles.stoppedByUser), contents: Data())
        try bundle.runcCommand(["kill", bundle.id, "KILL"])
        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 137)
        let state = try bundle.state()
        #expect(state.restartCount == 1)
        #expect(state.status == .exited)
    }

    @Test("a stop during a long restart backoff ends the supervision at once")
    func stopDuringBackoff() throws {
        let bundle = try ShimTestBundle(script: "exit 5",
                                        config: ShimConfig(restart: .always, backoffInitialMs: 60_000))
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { (try? bundle.state())?.status == .restarting })
        #expect(try bundle.state().lastExitCode == 5)
        _ = FileManager.default.createFile(atPath: bundle.file(ShimFiles.stoppedByUser), contents: Data())
        let exit = try #require(bundle.waitForExit())
        #expect(exit.exitCode == 5)
        #expect(try bundle.state().restartCount == 0)
    }

    @Test("a passing health check turns healthy; no zombie stays under the shim")
    func healthy() throws {
        let health = ShimHealthConfig(test: ["CMD-SHELL", "echo fine"], intervalMs: 100, timeoutMs: 5000, retries: 2)
        let bundle = try ShimTestBundle(script: "exec sleep 60", config: ShimConfig(health: health))
        _ = try bundle.launchAndStart()
        #expect(bundle.health()?.status == .starting)
        #expect(bundle.wait { (bundle.health()?.log.count ?? 0) >= 2 })
        let record = try #require(bundle.health())
        #expect(record.status == .healthy)
        #expect(record.failingStreak == 0)
        #expect(record.log.first?.exitCode == 0)
        #expect(record.log.first?.output == "fine\n")
        let state = try bundle.state()
        #expect(ShimTestBundle.zombieChildren(of: state.shimPid) == [])
        #expect(bundle.wait { (bundle.health()?.log.count ?? 0) == ShimHealthRecord.keptProbes })
        usleep(300_000)
        #expect(bundle.health()?.log.count == ShimHealthRecord.keptProbes)
    }

    @Test("a failing health check turns unhealthy after the retries")
    func unhealthy() throws {
        let health = ShimHealthConfig(test: ["CMD", "/bin/sh", "-c", "echo bad >&2; exit 1"], intervalMs: 100, timeoutMs: 5000,
                                      retries: 3)
        let bundle = try ShimTestBundle(script: "exec sleep 60", config: ShimConfig(health: health))
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { bundle.health()?.status == .unhealthy })
        let record = try #require(bundle.health())
        #expect(record.failingStreak >= 3)
        #expect(record.log.count >= 3)
        #expect(record.log.prefix(3).map(\.exitCode) == [1, 1, 1])
        #expect(record.log.first?.output == "bad\n")
    }

    @Test("failures within the start period do not count; after it they do")
    func startPeriod() throws {
        let health = ShimHealthConfig(test: ["CMD", "false"], intervalMs: 100, timeoutMs: 5000, retries: 1,
                                      startPeriodMs: 5000, startIntervalMs: 100)
        let bundle = try ShimTestBundle(script: "exec sleep 60", config: ShimConfig(health: health))
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { (bundle.health()?.log.count ?? 0) >= 2 })
        let early = try #require(bundle.health())
        #expect(early.status == .starting)
        #expect(early.failingStreak == 0)
        #expect(early.log.prefix(2).map(\.exitCode) == [1, 1])
        #expect(bundle.wait { bundle.health()?.status == .unhealthy })
        #expect(bundle.health()?.failingStreak ?? 0 >= 1)
    }

    @Test("a health probe past its timeout is killed and recorded as -1")
    func healthTimeout() throws {
        let health = ShimHealthConfig(test: ["CMD", "sleep", "30"], intervalMs: 100, timeoutMs: 300, retries: 1)
        let bundle = try ShimTestBundle(script: "exec sleep 60", config: ShimConfig(health: health))
        _ = try bundle.launchAndStart()
        #expect(bundle.wait { bundle.health()?.status == .unhealthy })
        let probe = try #require(bundle.health()?.log.first)
        #expect(probe.exitCode == -1)
        #expect(probe.output == "Health check exceeded timeout (300ms)")
        let state = try bundle.state()
        #expect(bundle.wait { ShimTestBundle.zombieChildren(of: state.shimPid).isEmpty })
    }

    @Test("a failing runc create is reported by the launcher as an error")
    func createFailure() throws {
        let bundle = try ShimTestBundle(script: "true", config: ShimConfig())
        try FileManager.default.removeItem(atPath: bundle.bundle + "/rootfs")
        let output = try bundle.launch()
        #expect(output.status == 1)
        #expect(output.text.hasPrefix("error runc create \(bundle.id): "))
        let error = try #require(throws: EngineError.self) {
            try bundle.launcher.launch(id: bundle.id, bundle: bundle.bundle, runcRoot: bundle.runcRoot, config: bundle.config)
        }
        #expect(error.message == "create container \(bundle.id)")
        #expect(error.cause?.hasPrefix("runc create \(bundle.id): ") == true)
    }
}
