import ComposeModel
import EngineAPI

/// What the lifecycle commands (`down`, `stop`, `start`, `restart`, `kill`, `pause`, `unpause`, `rm`) know
/// of the project besides its observed containers: the services of the compose file in dependency order,
/// which may be absent (`down` works from labels alone when the compose file is gone).
public struct LifecycleScope: Sendable, Hashable {
    public var project: String
    /// Services of the compose file in dependency order; nil when no compose file was loaded.
    public var services: [String]?
    /// Each service's dependencies (from `depends_on`), for ordering.
    public var dependencies: [String: [String]]
    /// Services named on the command line; nil means all.
    public var selected: Set<String>?

    public init(project: String, services: [String]? = nil, dependencies: [String: [String]] = [:], selected: Set<String>? = nil) {
        self.project = project
        self.services = services
        self.dependencies = dependencies
        self.selected = selected
    }

    /// The scope of a loaded project: its services in dependency order with their dependencies.
    public init(desired: DesiredProject, selected: [String]? = nil) {
        self.project = desired.name
        self.services = desired.services.map(\.name)
        var dependencies: [String: [String]] = [:]
        for service in desired.services {
            dependencies[service.name] = service.dependencies.map(\.service)
        }
        self.dependencies = dependencies
        self.selected = selected.flatMap { $0.isEmpty ? nil : Set($0) }
    }

    /// Whether a container belongs to the project's services (true for every service without a file).
    func isKnown(_ container: ObservedContainer) -> Bool {
        guard let services, let service = container.service else { return true }
        return services.contains(service)
    }

    func isSelected(_ container: ObservedContainer) -> Bool {
        guard let selected else { return true }
        return container.service.map(selected.contains) ?? false
    }
}

extension LifecycleScope {
    /// Whether a service is among the selected ones (true when none were selected).
    public func isSelectedService(_ service: String?) -> Bool {
        guard let selected else { return true }
        return service.map(selected.contains) ?? false
    }
}

extension LifecycleScope {
    /// The scope of a compose model without building its desired state (which digests every container's
    /// spec): `ps`, `logs`, `stop` and friends only need the services, their order and dependencies.
    public init(model: ComposeProject, project: String, selected: [String]? = nil) throws(DesiredStateError) {
        self.project = project
        self.services = try DependencyOrder.sorted(model)
        var dependencies: [String: [String]] = [:]
        for (name, service) in model.services {
            dependencies[name] = service.dependsOn.keys.filter { $0 != name && model.services[$0] != nil }.sorted()
        }
        self.dependencies = dependencies
        self.selected = selected.flatMap { $0.isEmpty ? nil : Set($0) }
    }
}
