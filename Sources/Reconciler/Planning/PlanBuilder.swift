import EngineAPI

/// Accumulates a plan's operations in emission order. Dependencies may only name operations already added,
/// which keeps the list a valid sequential order and the graph acyclic by construction.
struct PlanBuilder {
    private(set) var operations: [PlannedOperation] = []
    var warnings: [String] = []

    @discardableResult
    mutating func add(_ resource: ResourceID, _ operation: Operation, _ cause: Cause, after dependencies: [Int] = []) -> Int {
        let id = operations.count
        let unique = Array(Set(dependencies.filter { $0 < id })).sorted()
        operations.append(PlannedOperation(id: id, resource: resource, operation: operation, cause: cause,
                                           dependencies: unique))
        return id
    }

    /// Adds `service` to the dependents named by a shared `waitFor` operation's cause.
    mutating func addDependent(_ service: String, to id: Int) {
        guard operations.indices.contains(id), case .neededBy(var services) = operations[id].cause else { return }
        if !services.contains(service) {
            services.append(service)
            operations[id].cause = .neededBy(services: services)
        }
    }

    mutating func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }
}
