import ComposeModel

/// Services in dependency order: every service after all the services it depends on, ties broken by name,
/// so the order is the same on every run.
enum DependencyOrder {
    /// Kahn's algorithm over `depends_on` (dependencies on services absent from the project, which the
    /// loader allows for `required: false`, are ignored). Throws on a cycle, naming the services in it.
    static func sorted(_ project: ComposeProject) throws(DesiredStateError) -> [String] {
        var pending: [String: Set<String>] = [:]
        var dependents: [String: [String]] = [:]
        for (name, service) in project.services {
            let dependencies = Set(service.dependsOn.keys.filter { $0 != name && project.services[$0] != nil })
            pending[name] = dependencies
            for dependency in dependencies { dependents[dependency, default: []].append(name) }
        }
        var ready = pending.filter(\.value.isEmpty).map(\.key).sorted()
        var order: [String] = []
        order.reserveCapacity(pending.count)
        while !ready.isEmpty {
            // `ready` stays sorted, so the smallest name among the services that can go next comes first.
            let next = ready.removeFirst()
            order.append(next)
            var released: [String] = []
            for dependent in dependents[next] ?? [] {
                pending[dependent]?.remove(next)
                if pending[dependent]?.isEmpty == true { released.append(dependent) }
            }
            if !released.isEmpty { ready = (ready + released).sorted() }
        }
        guard order.count == pending.count else {
            let stuck = pending.filter { !$0.value.isEmpty && !order.contains($0.key) }.map(\.key).sorted()
            throw DesiredStateError("dependency cycle between services \(stuck.joined(separator: ", "))")
        }
        return order
    }
}
