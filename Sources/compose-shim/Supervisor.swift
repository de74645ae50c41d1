import CSystemShims
import Glibc
import ShimJSON

/// The supervising child: runs `runc create`, reports, then loops on poll() over the container's output
/// pipes, a pidfd of its init and the health probe until the container is gone for good.
final class Supervisor {
    let options: ShimOptions
    private var report: Int32
    var config = ShimConfig()
    var log: ContainerLog
    var state: ShimState
    var health: HealthChecker?

    var initPid: pid_t = 0
    var initPidfd: Int32 = -1
    var initExitCode: Int?
    /// Read ends of the current run's stdout and stderr pipes, until EOF.
    var outputs: [(fd: Int32, stream: ContainerLog.Stream)] = []
    /// Monotonic time the current run was created (uptime for the backoff reset).
    var runStartedMs: Int64 = 0
    var backoffMs = 0

    init(options: ShimOptions, report: Int32) {
        self.options = options
        self.report = report
        log = ContainerLog(config: ShimLogConfig(), bundle: options.bundle, id: options.id)
        state = ShimState(shimPid: getpid(), shimStartTime: System.startTime(of: getpid()))
    }

    /// Leaves the launcher's session and stdio, ignores the signals a terminal or a dying parent sends, and
    /// becomes the subreaper of everything runc leaves behind.
    static func detach(options: ShimOptions, keep: Int32) {
        csys_close_descriptors_from(3, keep)
        _ = setsid()
        for signal in [SIGPIPE, SIGHUP, SIGINT, SIGTERM] { _ = Glibc.signal(signal, SIG_IGN) }
        _ = csys_set_child_subreaper()
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        let diagnostics = open(options.file(ShimFiles.shimLog), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        if null >= 0 {
            dup2(null, 0)
            dup2(null, 1)
            dup2(diagnostics >= 0 ? diagnostics : null, 2)
        }
        for fd in [null, diagnostics] where fd > 2 { close(fd) }
        // Lowering oom_score_adj needs privileges a container host may not grant; failure is fine.
        let oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC)
        if oom >= 0 {
            System.writeAll(oom, Array("-999".utf8))
            close(oom)
        }
    }

    /// Everything after the fork: never returns.
    func start() -> Never {
        if let problem = loadConfig() { fail(problem) }
        // A launch means the container should run: stale results of an earlier run go.
        for name in [ShimFiles.exit, ShimFiles.health, ShimFiles.stoppedByUser] { unlink(options.file(name)) }
        log = ContainerLog(config: config.log, bundle: options.bundle, id: options.id)
        if let problem = log.open() { fail(problem) }
        if let command = config.health.flatMap(\.command), let healthConfig = config.health {
            health = HealthChecker(config: healthConfig, command: command, options: options)
        }
        switch create() {
        case .failure(let error): fail(error.message)
        case .success: break
        }
        health?.reset(runningSinceMs: nil)
        writeState()
        sendReport("ok \(initPid)")
        loop()
    }

    private func loadConfig() -> String? {
        guard System.exists(options.config) else { return nil }
        guard let bytes = System.readFile(options.config) else {
            return "read \(options.config): \(System.errorText())"
        }
        do {
            config = try ShimConfig(json: JSONValue(parsing: bytes))
            return nil
        } catch {
            return "\(options.config): \(error)"
        }
    }

    private func sendReport(_ line: String) {
        guard report >= 0 else { return }
        System.writeAll(report, Array((line + "\n").utf8))
        close(report)
        report = -1
    }

    private func fail(_ message: String) -> Never {
        diagnose(message)
        sendReport("error \(message.split(separator: "\n").joined(separator: " "))")
        exit(1)
    }

    func diagnose(_ message: String) {
        System.writeAll(2, Array("\(System.timestamp()) \(options.id): \(message)\n".utf8))
    }

    func writeState() {
        writeJSON(state.json, to: ShimFiles.state)
    }

    func writeJSON(_ value: JSONValue, to name: String) {
        if let problem = System.writeJSON(value, to: options.file(name)) { diagnose(problem) }
    }

    /// The main loop: output, init exit, health probes. Ends in `finish`.
    private func loop() -> Never {
        while true {
            var fds: [pollfd] = outputs.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if initPidfd >= 0 { fds.append(pollfd(fd: initPidfd, events: Int16(POLLIN), revents: 0)) }
            let probeFDs = health?.pollDescriptors() ?? []
            fds += probeFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let now = System.monotonicMs()
            var deadline = health?.nextDeadline(now: now, initPid: initPid)
            // Without a pidfd (pidfd_open refused) the init's exit is found by checking every 100 ms.
            if initPid > 0 && initPidfd < 0 { deadline = min(deadline ?? .max, now + 100) }
            let timeout = deadline.map { Int32(clamping: max(0, $0 - now)) } ?? -1
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR {
                diagnose("poll: \(System.errorText())")
            }
            for entry in fds where entry.revents != 0 {
                if let output = outputs.first(where: { $0.fd == entry.fd }) {
                    readOutput(output.fd, output.stream)
                } else if probeFDs.contains(entry.fd) {
                    health?.readable(entry.fd)
                }
            }
            reap()
            health?.tick(now: System.monotonicMs(), initPid: initPid)
            if let code = initExitCode {
                initExitCode = nil
                containerExited(code)
            }
        }
    }

    /// Reads what is available from one output pipe; on EOF closes it and writes the partial line.
    @discardableResult
    func readOutput(_ fd: Int32, _ stream: ContainerLog.Stream) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            log.append(buffer[0..<count], from: stream)
            return true
        }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return true }
        log.flush(stream)
        close(fd)
        outputs.removeAll { $0.fd == fd }
        return false
    }

    /// Collects every exited child: the init (its code), health probes, and anything runc reparented to us.
    func reap() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid < 0 && errno == EINTR { continue }
            guard pid > 0 else { return }
            if pid == initPid {
                initExitCode = System.exitCode(fromWaitStatus: status)
                initPid = 0
                if initPidfd >= 0 { close(initPidfd) }
                initPidfd = -1
            } else {
                health?.reaped(pid: pid, status: status)
            }
        }
    }
}
