import EngineAPI
import Foundation
import Reconciler

/// `compose watch` and `compose up --watch`: the controller with its triggers (engine events, project and
/// develop files, requeues, the periodic resync) until SIGINT or SIGTERM; then the turn in flight finishes
/// and the status is 130 or 143. A second signal ends the process at once. The stack keeps running.
struct WatchRun {
    let session: ProjectSession
    let global: GlobalOptions
    let services: [String]
    let planOptions: PlanOptions
    let output: WatchOutput
    let signals: SignalTrap
    /// `up --watch` prints the services' output, as attached `up` does.
    var logs: WatchLogFollower?

    /// `COMPOSE_WATCH_RESYNC` seconds (default 30) between resyncs when nothing happens.
    static func resyncInterval(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration {
        environment["COMPOSE_WATCH_RESYNC"].flatMap(Double.init).map { .milliseconds(Int(max(0.5, $0) * 1000)) } ?? .seconds(30)
    }

    /// `COMPOSE_WATCH_BACKOFF=initial,cap` seconds (default 1,60): the repair backoff.
    static func backoff(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RestartBackoff {
        let parts = (environment["COMPOSE_WATCH_BACKOFF"] ?? "").split(separator: ",").compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0 else { return RestartBackoff() }
        return RestartBackoff(initial: parts[0], cap: parts[1], resetAfter: max(120, parts[1] * 2))
    }

    func run() async -> Int32 {
        let triggers = TriggerQueue()
        let watcher = ProjectWatcher(session: session, global: global, services: services, planOptions: planOptions,
                                     executorOptions: ExecutorOptionsFactory.make(global: global), output: output,
                                     backoff: Self.backoff())
        let develop = DevelopWatcher(session: session, services: services, triggers: triggers, output: output)
        let hasDevelop = await !develop.isEmpty
        let logs = logs
        await watcher.setAfterApply { services in
            if hasDevelop { await develop.containersChanged(services) }
            await logs?.refresh()
        }
        await watcher.setOnReload { session in await develop.update(session) }
        output.started(files: await watcher.projectFiles, developPaths: develop.roots)
        let controller = Controller(triggers: triggers, resync: Self.resyncInterval())
        let loop = Task { await controller.run { number, fired in await watcher.turn(number, fired) } }
        let events = Task { await EngineEventFeed(engine: session.engine, project: session.name, triggers: triggers, output: output).run() }
        let files = Task { await ProjectFilePoller(watcher: watcher, triggers: triggers, develop: hasDevelop ? develop : nil).run() }

        let signal = await signals.next() ?? SIGINT
        output.note("stopping: the turn in flight finishes first")
        events.cancel()
        files.cancel()
        loop.cancel()
        let second = Task {
            if let again = await signals.next() { exit(SignalTrap.exitStatus(for: again)) }
        }
        await loop.value
        await logs?.stop()
        second.cancel()
        output.stopped(signal: signal)
        return SignalTrap.exitStatus(for: signal)
    }
}
