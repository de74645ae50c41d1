import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// The watch controller's turn: reload the project when its files changed (an invalid edit changes
/// nothing), take the project lock, repair unhealthy containers that opted in, observe, plan, keep what
/// watch mode may apply now (`WatchPlanFilter`), print the plan, execute it, and remember per resource
/// what ran (backoff) and what failed for good (waits for an edit).
actor ProjectWatcher {
    private(set) var session: ProjectSession
    private let global: GlobalOptions
    private let services: [String]
    private var planOptions: PlanOptions
    private let executorOptions: ExecutorOptions
    let output: WatchOutput
    var backoff: RestartBackoff
    /// Resources whose last error retrying cannot fix, with the error (reported once).
    var terminal: [String: String] = [:]
    private var reportedStopped: Set<String> = []
    private var lastTurnError: String?
    private var waitingForLock = false
    /// The loader's warnings at the last reload, so a reload repeats none.
    private var loaderWarnings: [String] = []
    private var firstTurn = true
    /// Whether the next turn runs the image phase (pull/build): the first turn and after an edit.
    private var imagesWanted = true
    var healUnhealthy: Set<String>
    /// Whether this turn applies an edit (its operations are not repairs).
    private var editApplied = false
    private let origin = ContinuousClock.now
    /// Called after a turn changed containers, with the services whose containers were created or started.
    private var afterApply: (@Sendable ([String]) async -> Void)?
    /// Called with the project as reloaded after a valid edit.
    private var onReload: (@Sendable (ProjectSession) async -> Void)?
    /// Called when `compose down` took the project down after the watch began: the watch ends.
    private var onTakenDown: (@Sendable () async -> Void)?
    /// Wall-clock start, to tell a `down` during this watch from one before it.
    private let startedAt = Date().timeIntervalSince1970
    /// Services a user stopped on purpose, as last read (`ProjectIntent`), for saying so once.
    private var stoppedByUser: Set<String> = []
    private var reportedStoppedByUser: Set<String> = []

    init(session: ProjectSession, global: GlobalOptions, services: [String], planOptions: PlanOptions,
         executorOptions: ExecutorOptions, output: WatchOutput, backoff: RestartBackoff) {
        self.session = session
        self.global = global
        self.services = services
        self.planOptions = planOptions
        self.executorOptions = executorOptions
        self.output = output
        self.backoff = backoff
        healUnhealthy = Self.healUnhealthyServices(global: global, services: services)
        projectFiles = session.projectFiles(global: global)
        loaderWarnings = session.project.warnings.map(\.description)
    }

    func setAfterApply(_ hook: @escaping @Sendable ([String]) async -> Void) { afterApply = hook }
    func setOnReload(_ hook: @escaping @Sendable (ProjectSession) async -> Void) { onReload = hook }
    func setOnTakenDown(_ hook: @escaping @Sendable () async -> Void) { onTakenDown = hook }

    /// The files whose change re-plans (computed at each load: the poller asks every poll).
    private(set) var projectFiles: [String]

    var now: Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func turn(_ number: Int, _ triggers: Set<Trigger>) async -> Controller.TurnResult {
        // A develop.watch rebuild rolls out a new image: that is an edit too, not a repair.
        editApplied = triggers.contains(.develop)
        if triggers.contains(.projectFiles), !firstTurn {
            guard reload() else { return Controller.TurnResult() }
        }
        let lock = ProjectLock(project: session.name, endpoint: session.engine.endpoint)
        do {
            // Never block a turn on the lock (a signal would wait for it): try again shortly instead.
            guard try lock.tryAcquire() else {
                if !waitingForLock { output.note("waiting for the project lock: another run reconciles project \(session.name)") }
                waitingForLock = true
                return Controller.TurnResult(requeueAfter: .milliseconds(500))
            }
        } catch {
            output.error(error.description)
            return Controller.TurnResult(requeueAfter: .seconds(2))
        }
        waitingForLock = false
        defer { lock.release() }
        if await honourIntent(ProjectIntentStore(lock: lock)) { return Controller.TurnResult() }
        do {
            let result = try await reconcile(number, triggers)
            lastTurnError = nil
            return result
        } catch {
            let message = (error as? CommandFailure)?.description ?? "\(error)"
            // A planner refusal repeats every turn until something changes: say it once.
            if message != lastTurnError { output.error(message) }
            lastTurnError = message
            return Controller.TurnResult(requeueAfter: .seconds(5))
        }
    }

    /// Reads what users decided outside the watch (under the lock): true when `compose down` took the project
    /// down since the watch began, which ends the watch. The first turn is an `up`: it takes the watched
    /// services back from `stop` and the project from an earlier `down`.
    private func honourIntent(_ store: ProjectIntentStore) async -> Bool {
        if firstTurn {
            let watched = services.isEmpty ? nil : Set(session.selectedServices(services, noDeps: planOptions.noDeps).map(\.name))
            do {
                try store.update { $0.recordStarted(watched, up: true) }
            } catch {
                output.error(error.description)
            }
        }
        let intent = store.read()
        if let downAt = intent.downAt, downAt >= startedAt {
            output.takenDown(at: downAt)
            await onTakenDown?()
            return true
        }
        stoppedByUser = Set(intent.stopped.keys)
        // Said again if stopped again after a start.
        reportedStoppedByUser.formIntersection(stoppedByUser)
        return false
    }

    /// Loads the edited files; false (and the located errors printed) when they are invalid.
    private func reload() -> Bool {
        let next: ProjectSession
        var warnings: [String] = []
        do {
            next = try ProjectSession(reloading: session, global: global, services: services, warnings: &warnings)
            if warnings != loaderWarnings {
                for warning in warnings { output.note("warning: " + warning) }
                loaderWarnings = warnings
            }
        } catch let error as DiagnosticError {
            output.invalidEdit(error.diagnostics)
            return false
        } catch {
            output.error((error as? CommandFailure)?.description ?? "\(error)")
            output.note("the running stack is left untouched until the project files load")
            return false
        }
        if next.desired != session.desired || next.model != session.model {
            output.note("project files changed: re-planning")
            backoff.resetAll()
            terminal = [:]
            reportedStopped = []
            imagesWanted = true
            editApplied = true
        }
        session = next
        healUnhealthy = Self.healUnhealthyServices(global: global, services: services)
        projectFiles = next.projectFiles(global: global)
        if let onReload { Task { await onReload(next) } }
        return true
    }

    private func reconcile(_ number: Int, _ triggers: Set<Trigger>) async throws -> Controller.TurnResult {
        var (observed, images) = try await session.observe()
        if try await replaceUnhealthy(observed) {
            (observed, images) = try await session.observe()
        }
        observed = await withRestartCounts(observed)
        var options = planOptions
        options.skipImages = !imagesWanted
        var plan = try await session.plan(observed: observed, images: images, options: options)
        if firstTurn { for warning in plan.warnings { output.note("warning: " + warning) } }

        var applied: [PlannedOperation] = []
        var heldBack: [WatchPlanFilter.HeldBack] = []
        let imagePlan = plan.keeping(\.operation.isImageOperation)
        if !imagePlan.operations.isEmpty {
            let filtered = filter(imagePlan, observed: observed)
            heldBack += filtered.heldBack
            if !filtered.plan.operations.isEmpty {
                let report = await execute(filtered.plan, number: number, triggers: triggers)
                applied += report.entries.map(\.operation)
                guard report.succeeded else { return finish(heldBack: heldBack, applied: applied) }
            }
            (observed, images) = try await session.observe()
            options.skipImages = true
            plan = try await session.plan(observed: observed, images: images, options: options)
        }
        let filtered = filter(plan, observed: observed)
        heldBack += filtered.heldBack
        for service in filtered.stoppedByUser where reportedStoppedByUser.insert(service).inserted {
            output.leftStoppedByUser(service)
        }
        for resource in filtered.leftStopped {
            let container = observed.containers.first { container in
                container.service == resource.name && container.number == resource.number && !container.isOneOff
            }
            let key = "\(resource)|\(container?.id ?? "")|\(container?.exitCode ?? -1)|\(container?.status ?? "")"
            if reportedStopped.insert(key).inserted { output.leftStopped(resource) }
        }
        if !filtered.plan.operations.isEmpty {
            let report = await execute(filtered.plan, number: number, triggers: triggers)
            applied += report.entries.map(\.operation)
        }
        return finish(heldBack: heldBack, applied: applied)
    }

    private func finish(heldBack: [WatchPlanFilter.HeldBack], applied: [PlannedOperation]) -> Controller.TurnResult {
        if firstTurn {
            // Later turns converge what is, they do not re-force what the command line asked for once.
            planOptions.forceRecreate = false
            planOptions.alwaysRecreateDeps = false
            planOptions.renewAnonVolumes = false
            planOptions.build = false
            if planOptions.pull == .always { planOptions.pull = .missing }
        }
        firstTurn = false
        imagesWanted = false
        let current = now
        for held in heldBack {
            output.held(held, seconds: held.until - current, delay: backoff.currentDelay(held.resource.description))
        }
        let touched = Set(applied.compactMap { operation -> String? in
            switch operation.operation {
            case .createContainer, .startContainer, .unpauseContainer: operation.resource.kind == .service ? operation.resource.name : nil
            default: nil
            }
        })
        if !touched.isEmpty, let afterApply {
            Task { await afterApply(touched.sorted()) }
        }
        guard let soonest = heldBack.map(\.until).min() else { return Controller.TurnResult() }
        return Controller.TurnResult(requeueAfter: .milliseconds(max(50, Int((soonest - current) * 1000) + 50)))
    }

    private func filter(_ plan: Plan, observed: ObservedState) -> WatchPlanFilter.Result {
        WatchPlanFilter.filter(plan, desired: session.desired, observed: observed, backoff: backoff,
                               terminal: Set(terminal.keys), now: now, restartPolicies: !firstTurn,
                               stoppedByUser: stoppedByUser)
    }

    /// Whether only an edit can fix a failed operation. A container or network operation that meets a conflict or
    /// a missing object acted on an observation someone else has since changed (a container being removed, a
    /// network removed meanwhile): the next turn observes again, under the backoff.
    static func waitsForEdit(_ error: EngineError, _ operation: PlannedOperation) -> Bool {
        if error.isTransient { return false }
        let stale = error.code == .conflict || error.code == .notFound
        return !(stale && [.service, .network].contains(operation.resource.kind))
    }

    private func execute(_ plan: Plan, number: Int, triggers: Set<Trigger>) async -> ExecutionReport {
        output.turn(number, triggers: triggers, plan: plan)
        var options = executorOptions
        options.imageBuilder = imageBuilder()
        let output = output
        let executor = PlanExecutor(engine: session.engine, options: options) { event in
            switch event {
            case .succeeded(let operation, _): output.action(operation, turn: number, error: nil)
            case .failed(let operation, let error): output.action(operation, turn: number, error: error)
            case .started, .skipped: break
            }
        }
        let report = await executor.execute(plan)
        let current = now
        // Converging the first time or applying an edit is not a repair: it starts no backoff.
        let repairs = !firstTurn && !editApplied
        // One repair per resource per turn, however many operations it took (create + start).
        var attempted = Set<String>()
        for entry in report.entries {
            let key = entry.operation.resource.description
            switch entry.outcome {
            case .succeeded:
                if repairs, attempted.insert(key).inserted { backoff.recordAttempt(key, now: current) }
            case .failed(let error):
                if attempted.insert(key).inserted { backoff.recordAttempt(key, now: current) }
                if Self.waitsForEdit(error, entry.operation), terminal[key] == nil {
                    terminal[key] = error.description
                    output.error(error.description, resource: entry.operation.resource, terminal: true)
                }
            default:
                break
            }
        }
        return report
    }
}
