import CSystemShims
import Glibc

/// Docker's health monitor inside the shim: `runc exec` of the test on the interval (the start interval
/// during the start period), killed at the timeout, results kept in `health.json`.
final class HealthChecker {
    /// A probe in flight.
    private struct Probe {
        var pid: pid_t
        var pidfd: Int32
        var output: Int32
        var bytes: [UInt8] = []
        var start: String
        var deadline: Int64
        var timedOut = false
    }

    static let maxOutput = 4096
    /// How often a created (not yet started) container is checked for having been started.
    static let startCheckMs: Int64 = 100

    private let config: ShimHealthConfig
    private let command: [String]
    private let options: ShimOptions
    private var record = ShimHealthRecord()
    private var runningSinceMs: Int64?
    private var nextProbeMs: Int64 = 0
    private var probe: Probe?

    init(config: ShimHealthConfig, command: [String], options: ShimOptions) {
        self.config = config
        self.command = command
        self.options = options
    }

    /// A new run of the container: status `starting` again. `runningSinceMs` nil means "created, wait for
    /// the engine's `runc start`".
    func reset(runningSinceMs: Int64?) {
        stopProbe()
        record = ShimHealthRecord()
        self.runningSinceMs = runningSinceMs
        if let runningSinceMs { nextProbeMs = runningSinceMs + currentIntervalMs(now: runningSinceMs) }
        write()
    }

    func pollDescriptors() -> [Int32] {
        guard let probe else { return [] }
        return probe.output >= 0 ? [probe.output, probe.pidfd] : [probe.pidfd]
    }

    /// When the loop must wake up next for us (monotonic ms).
    func nextDeadline(now: Int64, initPid: pid_t) -> Int64? {
        guard initPid > 0 else { return nil }
        if let probe {
            // Without a pidfd the probe's exit is found by checking every 100 ms.
            let exitCheck = probe.pidfd < 0 ? now + Self.startCheckMs : nil
            return probe.timedOut ? exitCheck : min(probe.deadline, exitCheck ?? .max)
        }
        if runningSinceMs == nil { return now + Self.startCheckMs }
        return nextProbeMs
    }

    func readable(_ fd: Int32) {
        guard var current = probe, fd == current.output else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            if current.bytes.count < Self.maxOutput { current.bytes += buffer[0..<min(count, Self.maxOutput - current.bytes.count)] }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close(fd)
            current.output = -1
        }
        probe = current
    }

    func tick(now: Int64, initPid: pid_t) {
        guard initPid > 0 else { return }
        if runningSinceMs == nil {
            guard started(initPid) else { return }
            runningSinceMs = now
            nextProbeMs = now + currentIntervalMs(now: now)
        }
        if var current = probe {
            if !current.timedOut && now >= current.deadline {
                kill(current)
                current.timedOut = true
                probe = current
            }
            return
        }
        if now >= nextProbeMs { launch(now: now) }
    }

    /// Whether runc's init has exec'd the container process (the engine ran `runc start`).
    private func started(_ pid: pid_t) -> Bool {
        guard let comm = System.readFile("/proc/\(pid)/comm") else { return false }
        return !comm.starts(with: "runc:".utf8)
    }

    private func inStartPeriod(now: Int64) -> Bool {
        guard let runningSinceMs, config.startPeriodMs > 0 else { return false }
        return now - runningSinceMs < Int64(config.startPeriodMs)
    }

    private func currentIntervalMs(now: Int64) -> Int64 {
        Int64(inStartPeriod(now: now) && record.status == .starting ? config.startIntervalMs : config.intervalMs)
    }

    private func launch(now: Int64) {
        let start = System.timestamp()
        guard let pipe = System.pipe() else {
            complete(start: start, exitCode: -1, output: "pipe: \(System.errorText())", now: now)
            return
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let pidFile = options.file(ShimFiles.healthPid)
        unlink(pidFile)
        let spawned = System.spawn(options.runcCommand(["exec", "--pid-file", pidFile, options.id] + command),
                                   stdin: null, stdout: pipe.write, stderr: pipe.write)
        close(null)
        close(pipe.write)
        switch spawned {
        case .failure(let error):
            close(pipe.read)
            complete(start: start, exitCode: -1, output: error.message, now: now)
        case .success(let pid):
            System.setNonBlocking(pipe.read)
            probe = Probe(pid: pid, pidfd: csys_pidfd_open(pid), output: pipe.read, start: start,
                          deadline: now + Int64(config.timeoutMs))
        }
    }

    /// The probe's process was reaped by the supervisor.
    func reaped(pid: pid_t, status: Int32) {
        guard var current = probe, current.pid == pid else { return }
        if current.output >= 0 {
            // Whatever the probe wrote before it exited is still in the pipe (non-blocking: a leftover
            // writer cannot hold us).
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(current.output, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                if current.bytes.count < Self.maxOutput {
                    current.bytes += buffer[0..<min(count, Self.maxOutput - current.bytes.count)]
                }
            }
            close(current.output)
        }
        if current.pidfd >= 0 { close(current.pidfd) }
        probe = nil
        let now = System.monotonicMs()
        if current.timedOut {
            complete(start: current.start, exitCode: -1,
                     output: "Health check exceeded timeout (\(Self.duration(config.timeoutMs)))", now: now)
        } else {
            complete(start: current.start, exitCode: System.exitCode(fromWaitStatus: status),
                     output: String(decoding: current.bytes, as: UTF8.self), now: now)
        }
    }

    /// Kills a probe in flight (timeout, or the container exited); the supervisor reaps it.
    func stopProbe() {
        guard let current = probe else { return }
        kill(current)
        var status: Int32 = 0
        // runc exec exits at once after SIGKILL; waiting here keeps the next run free of a stale probe.
        _ = waitpid(current.pid, &status, 0)
        if current.output >= 0 { close(current.output) }
        if current.pidfd >= 0 { close(current.pidfd) }
        probe = nil
    }

    private func kill(_ current: Probe) {
        // The process inside the container first (by its host pid), so it is not left to the container's init.
        if let inner = System.pid(inFile: options.file(ShimFiles.healthPid)) {
            _ = Glibc.kill(inner, SIGKILL)
        }
        _ = Glibc.kill(current.pid, SIGKILL)
    }

    /// Docker's rules: success → healthy and the streak reset; a failure counts unless the container is
    /// still starting within its start period; `retries` failures in a row → unhealthy.
    private func complete(start: String, exitCode: Int, output: String, now: Int64) {
        if exitCode == 0 {
            record.status = .healthy
            record.failingStreak = 0
        } else if !(record.status == .starting && inStartPeriod(now: now)) {
            record.failingStreak += 1
            if record.failingStreak >= max(1, config.retries) { record.status = .unhealthy }
        }
        record.log.append(.init(start: start, end: System.timestamp(), exitCode: exitCode, output: output))
        if record.log.count > ShimHealthRecord.keptProbes { record.log.removeFirst(record.log.count - ShimHealthRecord.keptProbes) }
        write()
        nextProbeMs = now + currentIntervalMs(now: now)
    }

    private func write() {
        if let problem = System.writeJSON(record.json, to: options.file(ShimFiles.health)) {
            System.writeAll(2, Array("\(System.timestamp()) \(options.id): \(problem)\n".utf8))
        }
    }

    /// Go's duration spelling for the timeout message ("30s", "500ms", "1.5s").
    static func duration(_ ms: Int) -> String {
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        if ms < 1000 { return "\(ms)ms" }
        var fraction = String(ms % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.utf8.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(ms / 1000).\(fraction)s"
    }
}
