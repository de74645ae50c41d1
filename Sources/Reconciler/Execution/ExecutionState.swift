import EngineAPI

/// The scheduler's bookkeeping for one execution: what is ready, what runs, what is done, and the ids of
/// the containers created so far. Only the executing task touches it.
struct ExecutionState {
    private enum Status {
        case pending
        case running
        case finished
    }

    var entries: [ExecutionReport.Entry]
    private var status: [Status]
    private var unmetDependencies: [Int]
    private var dependents: [[Int]]
    /// Ready operations, kept in plan order so execution follows the plan's order when nothing runs in parallel.
    private var ready: [Int] = []
    private var callsInFlight = 0
    private let parallelism: Int
    /// Container name → id for containers created (and renamed) during this execution.
    private var createdContainers: [String: String] = [:]

    init(plan: Plan, parallelism: Int) {
        self.parallelism = parallelism
        let count = plan.operations.count
        entries = plan.operations.map {
            ExecutionReport.Entry(operation: $0, outcome: .cancelled, startedAt: nil, duration: nil, attempts: 0)
        }
        status = Array(repeating: .pending, count: count)
        unmetDependencies = plan.operations.map { Set($0.dependencies).count }
        dependents = Array(repeating: [], count: count)
        for operation in plan.operations {
            for dependency in Set(operation.dependencies) where dependents.indices.contains(dependency) {
                dependents[dependency].append(operation.id)
            }
        }
        ready = plan.operations.filter { $0.dependencies.isEmpty }.map(\.id)
    }

    /// The next operation that may start now, marked running; nil when none is ready or the limit is reached.
    /// Waits are not engine calls in the sense of the limit: they mostly sleep.
    mutating func takeNextReady() -> Int? {
        let position = ready.firstIndex { id in
            if case .waitFor = entries[id].operation.operation { return true }
            return callsInFlight < parallelism
        }
        guard let position else { return nil }
        let id = ready.remove(at: position)
        status[id] = .running
        if case .waitFor = entries[id].operation.operation {} else { callsInFlight += 1 }
        return id
    }

    /// Records an operation's end; returns the events to report (its own, and the skips it causes).
    mutating func complete(_ completion: OperationCompletion, plan: Plan) -> [ExecutionEvent] {
        let id = completion.id
        let operation = plan.operations[id]
        status[id] = .finished
        if case .waitFor = operation.operation {} else { callsInFlight -= 1 }
        entries[id].attempts = completion.attempts
        entries[id].duration = completion.duration
        entries[id].warning = completion.warning

        switch completion.result {
        case .succeeded(let createdID):
            entries[id].outcome = .succeeded
            recordContainer(operation.operation, createdID: createdID)
            for dependent in dependents[id] {
                unmetDependencies[dependent] -= 1
                if unmetDependencies[dependent] == 0, status[dependent] == .pending { insertReady(dependent) }
            }
            return [.succeeded(operation, duration: completion.duration)]
        case .failed(let error):
            entries[id].outcome = .failed(error)
            return [.failed(operation, error)] + skipDependents(of: id, plan: plan)
        case .cancelled:
            entries[id].outcome = .cancelled
            return []
        }
    }

    /// Marks every pending operation that depends on `failed`, directly or not, as skipped because of it.
    private mutating func skipDependents(of failed: Int, plan: Plan) -> [ExecutionEvent] {
        var events: [ExecutionEvent] = []
        var queue = dependents[failed]
        while let next = queue.popLast() {
            guard status[next] == .pending else { continue }
            status[next] = .finished
            ready.removeAll { $0 == next }
            entries[next].outcome = .skipped(after: failed)
            events.append(.skipped(plan.operations[next], after: failed))
            queue += dependents[next]
        }
        return events.sorted { lhs, rhs in skippedID(lhs) < skippedID(rhs) }
    }

    private func skippedID(_ event: ExecutionEvent) -> Int {
        if case .skipped(let operation, _) = event { operation.id } else { -1 }
    }

    /// After the group ended: what never started (because of cancellation) stays `.cancelled`.
    mutating func cancelRemaining() {
        for id in status.indices where status[id] != .finished {
            entries[id].outcome = .cancelled
        }
    }

    private mutating func insertReady(_ id: Int) {
        let position = ready.firstIndex { $0 > id } ?? ready.endIndex
        ready.insert(id, at: position)
    }

    /// Keeps the name → id table current: creates add a name, renames move it, removals drop it.
    private mutating func recordContainer(_ operation: Operation, createdID: String?) {
        switch operation {
        case .createContainer(let spec, _):
            if let createdID { createdContainers[spec.name] = createdID }
        case .renameContainer(let from, let name):
            let id = from.id ?? createdContainers[from.name]
            createdContainers[from.name] = nil
            if let id { createdContainers[name] = id }
        case .removeContainer(let container, _, _):
            if createdContainers[container.name] == container.id { createdContainers[container.name] = nil }
        default:
            break
        }
    }

    /// The operation with every container the plan addresses by name resolved to the id created here.
    func resolved(_ planned: PlannedOperation) -> PlannedOperation {
        var copy = planned
        switch planned.operation {
        case .connectNetwork(let container, let attachment):
            copy.operation = .connectNetwork(container: resolve(container), attachment: attachment)
        case .disconnectNetwork(let container, let network):
            copy.operation = .disconnectNetwork(container: resolve(container), network: network)
        case .createContainer(let spec, let inherit):
            copy.operation = .createContainer(spec, inheritVolumesFrom: inherit.map(resolve))
        case .startContainer(let container):
            copy.operation = .startContainer(resolve(container))
        case .stopContainer(let container, let timeout):
            copy.operation = .stopContainer(resolve(container), timeout: timeout)
        case .removeContainer(let container, let removeVolumes, let force):
            copy.operation = .removeContainer(resolve(container), removeVolumes: removeVolumes, force: force)
        case .renameContainer(let from, let name):
            copy.operation = .renameContainer(from: resolve(from), to: name)
        case .unpauseContainer(let container):
            copy.operation = .unpauseContainer(resolve(container))
        default:
            break
        }
        return copy
    }

    private func resolve(_ container: ContainerRef) -> ContainerRef {
        guard container.id == nil, let id = createdContainers[container.name] else { return container }
        return ContainerRef(id: id, name: container.name)
    }
}
