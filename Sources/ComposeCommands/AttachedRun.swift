import EngineAPI
import Foundation
import Reconciler

/// Attached `up`: follows the output of the attached containers until they have all exited for good, or
/// one exit aborts the stack (`--abort-on-container-exit`, `--abort-on-container-failure`,
/// `--exit-code-from`), or a signal stops it (first: graceful stop, second: kill). Returns the exit status.
struct AttachedRun {
    enum OnExit: Sendable {
        case ignore
        /// Stop the stack when any attached container exits.
        case abortOnExit
        /// Stop the stack when an attached container exits non-zero.
        case abortOnFailure
    }

    let session: ProjectSession
    let containers: [ObservedContainer]
    let onExit: OnExit
    let exitCodeFrom: String?
    let timestamps: Bool
    let stopTimeout: Int?
    let printer: LogPrinter
    let output: ExecutionOutput
    /// Output before this time (seconds since 1970) was printed by nobody: containers started by this `up`.
    let since: Double

    /// What ended one container's follow.
    private enum Ending: Sendable {
        case exited(service: String, code: Int)
        case signal(Int32)
    }

    func run(signals: SignalTrap) async -> Int32 {
        let names = containers.map(displayName)
        StandardOutput.write(LogPrinter.attachBanner(names))
        printer.register(names)
        var exitCode: Int32 = 0
        var capturedFrom = false
        var interrupted: Int32?
        await withTaskGroup(of: Ending?.self) { group in
            for container in containers {
                group.addTask { await follow(container) }
            }
            group.addTask {
                await signals.next().map { .signal($0) }
            }
            var remaining = containers.count
            while remaining > 0, let ending = await group.next() {
                guard let ending else { continue }
                switch ending {
                case .signal(let number):
                    interrupted = number
                    remaining = 0
                case .exited(let service, let code):
                    remaining -= 1
                    if let exitCodeFrom, service == exitCodeFrom, !capturedFrom {
                        capturedFrom = true
                        exitCode = Int32(truncatingIfNeeded: code)
                    }
                    let aborts = onExit == .abortOnExit || (onExit == .abortOnFailure && code != 0)
                    if aborts {
                        if !capturedFrom { exitCode = Int32(truncatingIfNeeded: code) }
                        ErrorOutput.writeRaw(LogPrinter.abortingOnExit(colors: output.settings.colors))
                        remaining = 0
                    }
                }
            }
            group.cancelAll()
        }
        if let interrupted {
            StandardOutput.write(LogPrinter.gracefulStop)
            let stop = Task { await stopStack(kill: false) }
            let second = Task {
                if await signals.next() != nil { await stopStack(kill: true) }
            }
            await stop.value
            second.cancel()
            return SignalTrap.exitStatus(for: interrupted)
        }
        if onExit != .ignore || exitCodeFrom != nil {
            await stopStack(kill: false)
        }
        return exitCode
    }

    /// Prints a container's output until it has stopped for good (a restarting container is followed again).
    private func follow(_ container: ObservedContainer) async -> Ending? {
        var from = since
        var reportedExit: String?
        while !Task.isCancelled {
            await printLogs(container, since: from, follow: true)
            if Task.isCancelled { return nil }
            from = Date().timeIntervalSince1970
            guard let code = try? await session.engine.waitContainer(container.id) else { return nil }
            // A restart policy may bring it back: follow again while the engine restarts it.
            try? await Task.sleep(for: .milliseconds(200))
            let details = try? await session.engine.inspectContainer(container.id)
            if let details, details.container.state == .restarting || details.container.state == .running {
                // docker compose prints each exit that leads to a restart; one line per exit (finish time).
                if details.finishedAt != reportedExit {
                    reportedExit = details.finishedAt
                    printer.exited(displayName(container), code: code, restarting: true)
                }
                continue
            }
            // A quick restart may have run (and ended) between the follow and the inspection: print its output.
            await printLogs(container, since: from, follow: false)
            let final = details?.container.exitCode ?? code
            printer.exited(displayName(container), code: final)
            return .exited(service: container.service ?? "", code: final)
        }
        return nil
    }

    private func printLogs(_ container: ObservedContainer, since: Double, follow: Bool) async {
        let options = LogOptions(follow: follow, since: since, timestamps: timestamps)
        do {
            for try await line in session.engine.containerLogs(container.id, options: options) {
                printer.log(displayName(container), line.text, stream: line.stream == .stderr ? .stderr : .stdout,
                            timestamp: line.timestamp)
            }
        } catch {
            // The container is gone or the task cancelled: the caller decides what follows.
        }
    }

    /// `web-1` for `proj-web-1`, as docker compose prefixes lines.
    private func displayName(_ container: ObservedContainer) -> String {
        LogPrinter.displayName(containerName: container.plainName, project: session.name,
                               service: container.service ?? "", number: container.number ?? 0)
    }

    private func stopStack(kill: Bool) async {
        let observed: ObservedState
        do {
            observed = try await session.engine.observe(project: session.name)
        } catch {
            output.warning(error.description)
            return
        }
        let scope = LifecycleScope(desired: session.desired)
        let plan = kill ? LifecyclePlanner.kill(observed: observed, scope: scope, signal: "SIGKILL")
            : LifecyclePlanner.stop(observed: observed, scope: scope, timeout: stopTimeout)
        let executor = PlanExecutor(engine: session.engine) { event in output.event(event) }
        output.begin(plan)
        let report = await executor.execute(plan)
        output.end(report)
    }
}

