import Glibc
import ShimJSON

extension Supervisor {
    /// The init is gone: finish its log, then restart it under the policy or stop supervising.
    func containerExited(_ code: Int) {
        drainOutputs(graceMs: 2000)
        health?.stopProbe()
        state.lastExitCode = code
        let stoppedByUser = System.exists(options.file(ShimFiles.stoppedByUser))
        guard !stoppedByUser, config.restart.restarts(exitCode: code, restarts: state.restartCount) else {
            finish(code, error: nil)
        }
        // Docker's backoff: doubling from the initial delay to the cap, back to the start after a long run.
        let uptime = System.monotonicMs() - runStartedMs
        if backoffMs == 0 || uptime >= Int64(config.backoffResetMs) {
            backoffMs = config.backoffInitialMs
        } else {
            backoffMs = min(backoffMs * 2, config.backoffMaxMs)
        }
        state.status = .restarting
        state.initPid = nil
        writeState()
        // The user may stop the container during the backoff (up to a minute): checked while waiting.
        if sleepReaping(Int64(backoffMs), untilMarker: true) { finish(code, error: nil) }
        if let problem = restart() { finish(code, error: problem) }
    }

    /// `runc delete`, then `runc create` + `runc start` on the same bundle; an error message on failure.
    private func restart() -> String? {
        if let problem = runc(["delete", "--force", options.id]) { return problem }
        if case .failure(let error) = create() { return error.message }
        if let problem = runc(["start", options.id]) {
            // The created init is killed so nothing half-started stays behind.
            _ = runc(["delete", "--force", options.id])
            return problem
        }
        state.restartCount += 1
        state.status = .running
        state.startedAt = System.timestamp()
        writeState()
        health?.reset(runningSinceMs: System.monotonicMs())
        return nil
    }

    /// Reads the remaining output until every writer has gone (all processes of the pid namespace die with
    /// its init), or the grace period ends; partial last lines are written.
    func drainOutputs(graceMs: Int64) {
        let deadline = System.monotonicMs() + graceMs
        while !outputs.isEmpty {
            let remaining = deadline - System.monotonicMs()
            guard remaining > 0 else { break }
            var fds = outputs.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(clamping: remaining))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if let output = outputs.first(where: { $0.fd == entry.fd }) {
                    readOutput(output.fd, output.stream)
                }
            }
        }
        for output in outputs { log.flush(output.stream) }
        closeOutputs()
    }

    /// Waits `ms` while still reaping whatever exits meanwhile; with `untilMarker`, returns true as soon as
    /// the stopped-by-user marker appears.
    @discardableResult
    func sleepReaping(_ ms: Int64, untilMarker: Bool = false) -> Bool {
        let deadline = System.monotonicMs() + ms
        while true {
            reap()
            if untilMarker && System.exists(options.file(ShimFiles.stoppedByUser)) { return true }
            let remaining = deadline - System.monotonicMs()
            guard remaining > 0 else { return false }
            _ = poll(nil, 0, Int32(clamping: min(remaining, 100)))
        }
    }

    /// Writes the final result and exits: the shim supervises nothing any more.
    func finish(_ code: Int, error: String?) -> Never {
        if let error { diagnose(error) }
        health?.stopProbe()
        sleepReaping(0)
        // The state first: once exit.json exists, every record is final.
        state.status = .exited
        state.initPid = nil
        writeState()
        writeJSON(ShimExitRecord(exitCode: code, finishedAt: System.timestamp(), oomKilled: oomKilled(), error: error).json,
                  to: ShimFiles.exit)
        runExitHook()
        exit(0)
    }

    /// A container that ended on its own (not stopped by the engine) has its network, ports and mount freed
    /// by the engine's hook, started detached: it outlives this process, which has nothing left to do.
    private func runExitHook() {
        guard !config.exitHook.isEmpty, !System.exists(options.file(ShimFiles.stoppedByUser)) else { return }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { return }
        if case .failure(let error) = System.spawn(config.exitHook, stdin: null, stdout: null, stderr: null) {
            diagnose("exit hook: " + error.message)
        }
        close(null)
    }

    /// Whether the kernel OOM-killed a process of the container's memory cgroup (v1 `memory.oom_control`,
    /// v2 `memory.events`), found through runc's state; false when unreadable.
    private func oomKilled() -> Bool {
        guard let bytes = System.readFile("\(options.runcRoot)/\(options.id)/state.json"),
              let paths = (try? JSONValue(parsing: bytes))?["cgroup_paths"] else { return false }
        let candidates = [paths["memory"]?.stringValue.map { "\($0)/memory.oom_control" },
                          paths[""]?.stringValue.map { "\($0)/memory.events" }]
        for file in candidates.compactMap({ $0 }) {
            guard let text = System.readFile(file) else { continue }
            for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where line.hasPrefix("oom_kill ") {
                return (Int(line.dropFirst("oom_kill ".count)) ?? 0) > 0
            }
        }
        return false
    }
}
