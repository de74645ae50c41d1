import EngineAPI

/// What a controller turn may apply of a plan. The planner plans like `up`; in watch mode the turn then
/// leaves alone what the engine's restart policy leaves alone (a container that exited under `restart: no`
/// stays exited), holds back repairs of a resource still in its backoff, and skips resources whose last
/// error retrying cannot fix. Whatever depends on a dropped operation is dropped with it.
public enum WatchPlanFilter {
    public struct HeldBack: Sendable, Hashable {
        public var resource: ResourceID
        /// Monotonic seconds at which the resource may be repaired again.
        public var until: Double
    }

    public struct Result: Sendable {
        public var plan: Plan
        public var heldBack: [HeldBack]
        /// Containers that stopped and whose restart policy does not bring them back.
        public var leftStopped: [ResourceID]
        /// Resources skipped because their last error waits for an edit.
        public var blocked: [ResourceID]
        /// Services left alone because a user stopped them on purpose (`compose stop`, `kill`, `down SERVICE`).
        public var stoppedByUser: [String]
    }

    /// - Parameters:
    ///   - terminal: resources (`ResourceID.description`) whose last error retrying cannot fix.
    ///   - restartPolicies: whether stopped containers are restarted only as their restart policy says (every
    ///     turn but the first, which converges like `up`).
    ///   - stoppedByUser: services a user stopped on purpose (`ProjectIntent`): nothing of theirs is repaired.
    public static func filter(_ plan: Plan, desired: DesiredProject, observed: ObservedState, backoff: RestartBackoff,
                              terminal: Set<String>, now: Double, restartPolicies: Bool,
                              stoppedByUser: Set<String> = []) -> Result {
        var policies: [ResourceID: RestartPolicy] = [:]
        for service in desired.services {
            for container in service.containers { policies[container.id] = container.spec.restartPolicy }
        }
        let restartCounts = Dictionary(observed.containers.map { ($0.id, $0.restartCount) }) { first, _ in first }

        var dropped = Set<Int>()
        var heldBack: [ResourceID: Double] = [:]
        var leftStopped: [ResourceID] = []
        var blocked = Set<ResourceID>()
        var userStopped = Set<String>()
        for operation in plan.operations {
            let key = operation.resource.description
            if operation.resource.kind == .service, stoppedByUser.contains(operation.resource.name) {
                dropped.insert(operation.id)
                userStopped.insert(operation.resource.name)
                continue
            }
            if terminal.contains(key) {
                dropped.insert(operation.id)
                blocked.insert(operation.resource)
                continue
            }
            if let until = backoff.readyAt(key, now: now) {
                dropped.insert(operation.id)
                heldBack[operation.resource] = until
                continue
            }
            if restartPolicies, case .startContainer(let ref) = operation.operation, case .stopped(let code) = operation.cause,
               !restarts(policies[operation.resource] ?? .no, exitCode: code,
                         restartCount: ref.id.flatMap { restartCounts[$0] } ?? 0) {
                dropped.insert(operation.id)
                leftStopped.append(operation.resource)
            }
        }
        let kept = plan.keeping { !dropped.contains($0.id) }
        return Result(plan: kept,
                      heldBack: heldBack.map { HeldBack(resource: $0.key, until: $0.value) }.sorted { $0.resource < $1.resource },
                      leftStopped: leftStopped,
                      blocked: blocked.sorted(),
                      stoppedByUser: userStopped.sorted())
    }

    /// Whether a container that exited with `exitCode` is brought back under `policy`. `unless-stopped`
    /// is not: the engine restarts crashes itself, and a stop was somebody's decision.
    public static func restarts(_ policy: RestartPolicy, exitCode: Int?, restartCount: Int) -> Bool {
        switch policy {
        case .no, .unlessStopped: false
        case .always: true
        case .onFailure(let maxRetries):
            (exitCode ?? 1) != 0 && maxRetries.map { restartCount < $0 } != false
        }
    }
}

extension Plan {
    /// The operations `include` accepts, minus every one that depends (transitively) on a rejected one,
    /// renumbered with their dependencies remapped.
    public func keeping(_ include: (PlannedOperation) -> Bool) -> Plan {
        var removed = Set<Int>()
        var newIDs: [Int: Int] = [:]
        var kept: [PlannedOperation] = []
        // Dependencies always have smaller ids, so one pass in order sees every dependency first.
        for operation in operations {
            if !include(operation) || operation.dependencies.contains(where: removed.contains) {
                removed.insert(operation.id)
                continue
            }
            var copy = operation
            copy.id = kept.count
            copy.dependencies = operation.dependencies.compactMap { newIDs[$0] }
            newIDs[operation.id] = copy.id
            kept.append(copy)
        }
        return Plan(project: project, operations: kept, warnings: warnings)
    }
}
