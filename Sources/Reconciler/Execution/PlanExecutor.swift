import EngineAPI

/// Runs a `Plan` against a `ContainerEngine`: a task group over the plan's DAG. An operation starts once all
/// its dependencies succeeded; at most `ExecutorOptions.parallelism` engine calls are in flight. A failure
/// skips everything that depends on it, transitively, while independent branches go on.
///
/// The executor has no decision logic: each operation is its one engine call (waits poll `observe`). The only
/// thing it adds is what the plan cannot know in advance — the ids of the containers it creates, which later
/// operations that address those containers by name receive.
///
/// Cancelling the calling task lets engine calls in flight complete (a half-sent create is worse than a
/// finished one), interrupts waits and starts nothing new; the report lists what did not run.
public struct PlanExecutor: Sendable {
    public let engine: any ContainerEngine
    public var options: ExecutorOptions
    public var progress: (@Sendable (ExecutionEvent) -> Void)?

    public init(engine: any ContainerEngine, options: ExecutorOptions = ExecutorOptions(),
                progress: (@Sendable (ExecutionEvent) -> Void)? = nil) {
        self.engine = engine
        self.options = options
        self.progress = progress
    }

    public func execute(_ plan: Plan) async -> ExecutionReport {
        let clock = ContinuousClock()
        let start = clock.now
        var state = ExecutionState(plan: plan, parallelism: max(1, options.parallelism))
        let runner = OperationRunner(engine: engine, options: options, project: plan.project)

        await withTaskGroup(of: OperationCompletion.self) { group in
            while true {
                if !Task.isCancelled {
                    while let id = state.takeNextReady() {
                        let operation = state.resolved(plan.operations[id])
                        state.entries[id].startedAt = clock.now - start
                        progress?(.started(plan.operations[id]))
                        group.addTask {
                            let began = clock.now
                            var completion: OperationCompletion
                            if case .waitFor = operation.operation {
                                // Waits end on cancellation: nothing is left half-done by stopping them.
                                completion = await runner.run(operation)
                            } else {
                                // Engine calls are shielded from cancellation so they complete.
                                completion = await Task { await runner.run(operation) }.value
                            }
                            completion.duration = clock.now - began
                            return completion
                        }
                    }
                }
                guard let completion = await group.next() else { break }
                for event in state.complete(completion, plan: plan) { progress?(event) }
            }
        }
        state.cancelRemaining()
        return ExecutionReport(entries: state.entries, duration: clock.now - start,
                               wasCancelled: !state.entries.filter(\.isCancelled).isEmpty)
    }
}

extension ExecutionReport.Entry {
    var isCancelled: Bool {
        if case .cancelled = outcome { true } else { false }
    }
}
