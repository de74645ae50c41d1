import ComposeModel
import EngineAPI
import EngineEmbedded
import Foundation
import Reconciler

/// `up` and `create` up to the running stack: lock, observe, plan, pull and build, plan again with the new
/// image ids, execute. The only decisions are the planner's; this type sequences the steps.
struct Convergence {
    let session: ProjectSession
    let planOptions: PlanOptions
    let executorOptions: ExecutorOptions
    let output: ExecutionOutput

    /// How long a run waits for another run of the same project to finish before failing.
    static let lockWait: Duration = .seconds(120)

    /// Returns the execution report of the last phase, or nil for a dry run (the plan was printed).
    func run(dryRun: Bool) async throws -> ExecutionReport? {
        if !dryRun && !session.engine.capabilities.containers {
            throw CommandFailure("the \(session.engineName) engine does not run containers: use --engine docker (or COMPOSE_ENGINE=docker)")
        }
        // Say what this machine lacks before anything is created, rather than failing half-way.
        if !dryRun, let embedded = session.engine as? EmbeddedEngine, let missing = embedded.runtime.missingPrerequisites() {
            throw CommandFailure(missing + "; or use --engine docker (or COMPOSE_ENGINE=docker) with a Docker Engine")
        }
        let lock = try await takeLock()
        defer { lock.release() }

        var (observed, images) = try await session.observe()
        let first = try await session.plan(observed: observed, images: images, options: planOptions)
        for warning in first.warnings { output.warning(warning) }
        if dryRun {
            StandardOutput.write(first.text())
            return nil
        }
        // `up` looks after the services again (with the dependencies it starts): a watcher stops holding
        // them stopped, or the project down.
        let started = planOptions.services.map { Set(session.selectedServices($0, noDeps: planOptions.noDeps).map(\.name)) }
        do {
            try ProjectIntentStore(lock: lock).update { $0.recordStarted(started, up: true) }
        } catch {
            output.warning("could not record the up for watchers: \(error.description)")
        }

        let imageOperations = first.operations.filter {
            if case .pullImage = $0.operation { return true }
            if case .buildImage = $0.operation { return true }
            return false
        }
        var plan = first
        if !imageOperations.isEmpty {
            let imagePlan = Plan(project: first.project,
                                 operations: imageOperations.enumerated().map { index, operation in
                                     var operation = operation
                                     operation.id = index
                                     operation.dependencies = []
                                     return operation
                                 },
                                 warnings: [])
            let report = await execute(imagePlan)
            guard report.succeeded else { return report }
            (observed, images) = try await session.observe()
            var options = planOptions
            options.skipImages = true
            plan = try await session.plan(observed: observed, images: images, options: options)
        }
        if let embedded = session.engine as? EmbeddedEngine {
            let specs = plan.operations.compactMap { operation -> ContainerSpec? in
                if case .createContainer(let spec, _) = operation.operation { return spec }
                return nil
            }
            let conflicts: [String]
            do {
                conflicts = try embedded.portConflicts(of: specs, project: session.name)
            } catch {
                throw CommandFailure(error.description)
            }
            guard conflicts.isEmpty else {
                throw CommandFailure("published ports are taken; nothing was started:\n  " + conflicts.joined(separator: "\n  "))
            }
        }
        return await execute(plan)
    }

    private func execute(_ plan: Plan) async -> ExecutionReport {
        var options = executorOptions
        options.imageBuilder = imageBuilder()
        let executor = PlanExecutor(engine: session.engine, options: options) { event in output.event(event) }
        output.begin(plan)
        let report = await executor.execute(plan)
        output.end(report)
        return report
    }

    private func takeLock() async throws -> ProjectLock {
        let lock = ProjectLock(project: session.name, endpoint: session.engine.endpoint)
        do {
            if try lock.tryAcquire() { return lock }
            output.warning("waiting for the project lock: another run reconciles project \(session.name)")
            try await lock.acquire(wait: Self.lockWait)
            return lock
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Builds a service's image with the engine from the service's `build:` section.
    private func imageBuilder() -> ExecutorOptions.ImageBuilder {
        let model = session.model
        let engine = session.engine
        let output = output
        let workingDirectory = session.project.workingDirectory
        return { service, image async throws(EngineError) in
            guard let build = model.services[service]?.build else {
                throw EngineError(.invalidArgument, "service \(service) has no build section", resource: ResourceID(.image, image))
            }
            let spec = BuildSpecMapper.spec(build, image: image, workingDirectory: workingDirectory)
            _ = try await engine.buildImage(spec) { line in output.buildOutput(service: service, line: line) }
        }
    }
}

extension Convergence {
    /// `run`, cancelled by SIGINT/SIGTERM: engine calls in flight complete, nothing new starts, and the
    /// report says what did not run (the next `up` finishes the job).
    func runInterruptible(dryRun: Bool, signals: SignalTrap) async throws -> ExecutionReport? {
        let work = Task { try await run(dryRun: dryRun) }
        let watcher = Task {
            if await signals.next() != nil {
                output.notice("Interrupted: finishing the engine calls in flight")
                work.cancel()
            }
        }
        defer { watcher.cancel() }
        return try await work.value
    }
}
