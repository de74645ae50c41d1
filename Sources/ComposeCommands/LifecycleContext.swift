import ArgumentParser
import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// What the lifecycle commands (`down`, `stop`, `ps`, `logs`, …) act on: the loaded project when there is a
/// compose file, otherwise — as docker compose allows with `-p NAME` — the project's containers found by
/// their labels alone.
struct LifecycleContext: Sendable {
    let name: String
    let engine: any ContainerEngine
    /// The loaded project and its model; nil when working from labels only.
    let project: LoadedProject?
    let model: ComposeProject?
    let scope: LifecycleScope

    static func make(global: GlobalOptions, engineOptions: EngineOptions, services: [String] = [],
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> LifecycleContext {
        let engine = try engineOptions.makeEngine()
        let context: LifecycleContext
        do {
            let project = try CommandContext.loadProject(global: global, options: LoaderOptions())
            let model = try project.model()
            if let unknown = services.first(where: { model.services[$0] == nil }) {
                throw CommandFailure("no such service: \(unknown)")
            }
            let scope: LifecycleScope
            do {
                scope = try LifecycleScope(model: model, project: project.name, selected: services)
            } catch {
                throw CommandFailure(error.description)
            }
            context = LifecycleContext(name: project.name, engine: engine, project: project, model: model, scope: scope)
        } catch let error as DiagnosticError {
            let name = global.projectName ?? environment["COMPOSE_PROJECT_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            guard let name, error.diagnostics.contains(where: { $0.message.hasPrefix("no configuration file provided") }) else {
                throw error
            }
            context = LifecycleContext(name: name, engine: engine, project: nil, model: nil,
                                       scope: LifecycleScope(project: name, selected: services.isEmpty ? nil : Set(services)))
        }
        do {
            try await engine.ping()
        } catch {
            throw CommandFailure(error.description)
        }
        return context
    }

    /// The selected services' containers (not one-off runs) that pass `include`, by name.
    func serviceContainers(_ observed: ObservedState,
                           where include: (ObservedContainer) -> Bool = { _ in true }) -> [ObservedContainer] {
        observed.containers.filter { !$0.isOneOff && scope.isSelectedService($0.service) && include($0) }
            .sorted { $0.plainName < $1.plainName }
    }

    func observe() async throws -> ObservedState {
        do {
            return try await engine.observe(project: name)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Under the project lock: observes, plans with `makePlan`, records the user's `intent` for watchers
    /// (`ProjectIntent`), and runs the plan with progress output; fails (exit 1) when an operation failed.
    /// `--dry-run` prints the plan instead.
    func execute(global: GlobalOptions, command: String, intent: LifecycleIntent? = nil,
                 makePlan: (ObservedState) async throws -> Plan) async throws {
        let output = try ExecutionOutput(project: name, global: global, command: command)
        let lock = ProjectLock(project: name, endpoint: engine.endpoint)
        do {
            if try !lock.tryAcquire() {
                output.warning("waiting for the project lock: another run reconciles project \(name)")
                try await lock.acquire(wait: Convergence.lockWait)
            }
        } catch {
            throw CommandFailure(error.description)
        }
        defer { lock.release() }
        let observed = try await observe()
        let plan = try await makePlan(observed)
        for warning in plan.warnings { output.warning(warning) }
        if global.dryRun {
            StandardOutput.write(plan.text())
            return
        }
        if let intent {
            // Before the plan runs: a watcher waiting for the lock must find the decision, not undo it.
            let services = scope.selected ?? Set(model?.services.keys.map { $0 } ?? []).union(observed.containers.compactMap(\.service))
            do {
                try ProjectIntentStore(lock: lock).update { (recorded: inout ProjectIntent) in
                    switch intent {
                    case .down: scope.selected == nil ? recorded.recordDown() : recorded.recordStopped(services)
                    case .stopped: recorded.recordStopped(services)
                    case .started: recorded.recordStarted(scope.selected, up: false)
                    }
                }
            } catch {
                output.warning("could not record the \(command) for watchers: \(error.description)")
            }
        }
        let executor = PlanExecutor(engine: engine, options: ExecutorOptionsFactory.make(global: global)) { output.event($0) }
        output.begin(plan)
        let report = await executor.execute(plan)
        output.end(report)
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// What a lifecycle command decided, for a watcher of the project to honour (`ProjectIntent`).
enum LifecycleIntent: Sendable {
    /// `down` (of the whole project, or of named services: those stay down).
    case down
    /// `stop`, `kill`: the services stay stopped.
    case stopped
    /// `start`, `restart`: a watcher looks after the services again.
    case started
}
