import EngineAPI

/// Computes the plan that moves a project from an observed state to its desired state.
///
/// A pure function: no I/O, no clock, no randomness; the same inputs always give the same plan. It follows
/// docker compose v2's convergence (`pkg/compose/convergence.go`, `create.go`) and adds what issue 3 asks for:
/// causes naming the changed field groups, replacements created before the old container goes, one-shot
/// jobs that stay completed, and recovery of interrupted recreates.
public enum Planner {
    public static func plan(desired: DesiredProject, observed: ObservedState,
                            options: PlanOptions = PlanOptions()) throws(PlanError) -> Plan {
        var run = PlanningRun(desired: desired, observed: observed, options: options)
        return try run.makePlan()
    }
}

/// The state of one planning call: inputs, decisions, then the operations emitted from them.
struct PlanningRun {
    let desired: DesiredProject
    let observed: ObservedState
    let options: PlanOptions
    let index: ObservedIndex

    var builder = PlanBuilder()
    var problems: [PlanError.Problem] = []

    /// Services to plan, in dependency order, and how each may be recreated.
    var planned: [DesiredService] = []
    var strategies: [String: RecreateStrategy] = [:]

    var networkDecisions: [NetworkDecision] = []
    var volumeDecisions: [VolumeDecision] = []
    /// Observed containers removed while recreating a volume (id → volume key); container decisions skip them.
    var consumedContainers: [String: String] = [:]
    var serviceDecisions: [String: ServiceDecision] = [:]

    // Emission bookkeeping.
    var imageOps: [String: Int] = [:]
    var networkOps: [String: Int] = [:]
    var volumeOps: [String: Int] = [:]
    /// Operations a kept container's start must wait for (network reconnects), by resource.
    var containerPrerequisites: [ResourceID: [Int]] = [:]
    /// Stops of dependents that restart after a dependency is recreated, by the dependent's resource.
    var restartStops: [ResourceID: Int] = [:]
    /// The last operation of every container chain of a service (its start, or its create with `--no-start`).
    var readyOps: [String: [Int]] = [:]
    var waitOps: [String: Int] = [:]

    init(desired: DesiredProject, observed: ObservedState, options: PlanOptions) {
        self.desired = desired
        self.observed = observed
        self.options = options
        self.index = ObservedIndex(observed: observed, desired: desired)
    }

    mutating func makePlan() throws(PlanError) -> Plan {
        selectServices()
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        decideVolumes()
        decideNetworks()
        decideContainers()
        checkNames()
        guard problems.isEmpty else { throw PlanError(problems: problems) }

        emitImages()
        emitVolumes()
        emitNetworks()
        for service in planned { emitService(service) }
        emitOrphans()
        return Plan(project: desired.name, operations: builder.operations, warnings: builder.warnings)
    }
}
