import EngineAPI
import Foundation
import Logging
import Reconciler
import ServiceLifecycle

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
    /// `watch --prune`: remove the images develop.watch rebuilds replace.
    var prune = false

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
        let develop = DevelopWatcher(session: session, services: services, triggers: triggers, output: output, prune: prune)
        let hasDevelop = await !develop.isEmpty
        let logs = logs
        let stop = WatchStop(signals: signals, output: output)
        await watcher.setAfterApply { services in
            if hasDevelop { await develop.containersChanged(services) }
            await logs?.refresh()
        }
        await watcher.setOnReload { session in await develop.update(session) }
        await watcher.setOnTakenDown { stop.requestStop(.takenDown) }
        output.started(files: await watcher.projectFiles, developPaths: develop.roots)
        let controller = Controller(triggers: triggers, resync: Self.resyncInterval())
        let feed = EngineEventFeed(engine: session.engine, project: session.name, triggers: triggers, output: output)
        let poller = ProjectFilePoller(watcher: watcher, triggers: triggers, develop: hasDevelop ? develop : nil)
        // Graceful shutdown goes from the last service to the first: the pollers stop feeding triggers,
        // then the controller finishes its turn in flight.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: stop, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: WatchLoop(name: "controller") { await controller.run { number, fired in await watcher.turn(number, fired) } }),
                .init(service: WatchLoop(name: "engine events") { await feed.run() }),
                .init(service: WatchLoop(name: "project files") { await poller.run() }),
            ],
            logger: Logger(label: "swift-compose.watch", factory: { _ in SwiftLogNoOpLogHandler() })))
        do {
            try await group.run()
        } catch {
            output.error("watch: \(error)")
        }
        await logs?.stop()
        switch stop.reason {
        case .signal(let number): output.stopped(signal: number)
        case .takenDown, nil: break
        }
        return stop.exitStatus
    }
}
