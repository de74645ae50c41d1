import EngineAPI
import Foundation

/// A running `compose watch` (or `up --watch`) of an integration project, with the watch knobs the tests
/// turn (a short resync, a small backoff) and helpers to poll the project's containers.
struct WatchProcess {
    let project: IntegrationProject
    let launched: ComposeProcess.Launched

    init(_ project: IntegrationProject, _ arguments: [String] = ["watch"], environment: [String: String] = [:]) throws {
        self.project = project
        var env = project.environment
        env["COMPOSE_WATCH_RESYNC"] = "5"
        env.merge(environment) { $1 }
        launched = try ComposeProcess.launch(["-p", project.name] + arguments, in: project.directory, environment: env)
    }

    var stderr: String { launched.stderr }

    /// Sends `signal` and waits for the exit.
    func stop(_ signal: Int32 = SIGINT) async -> ComposeProcess.Result {
        launched.signal(signal)
        return await launched.finish(timeout: .seconds(90))
    }

    /// Ends the watcher at once (a `defer` before the project's clean-up: a live watcher would repair
    /// what `down` removes).
    func kill() {
        guard launched.process.isRunning else { return }
        launched.signal(SIGKILL)
        launched.process.waitUntilExit()
    }

    /// Polls until standard error contains `text`.
    func waitForStderr(_ text: String, timeout: Duration = .seconds(90)) async -> Bool {
        await LifecycleSupport.eventually(timeout: timeout) { stderr.contains(text) }
    }

    /// The running, non one-off containers of a service, by id.
    func running(_ service: String) async throws -> [ObservedContainer] {
        try await project.observe().containers.filter { $0.service == service && $0.state == .running && !$0.isOneOff }
    }

    /// Waits until the service has exactly one running container whose id is not `excluded`; returns it and
    /// how long it took.
    func waitForReplacement(_ service: String, excluding excluded: Set<String>,
                            timeout: Duration = .seconds(90)) async throws -> (ObservedContainer?, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        var found: ObservedContainer?
        _ = try await LifecycleSupport.eventually(timeout: timeout) {
            let running = try await running(service)
            found = running.count == 1 && !excluded.contains(running[0].id) ? running[0] : nil
            return found != nil
        }
        return (found, clock.now - start)
    }
}
