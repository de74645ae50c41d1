/// Derived answers later phases ask of a service, computed the way compose-go computes them.
extension ComposeService {
    /// How many containers to run: `scale`, else `deploy.replicas`, else 1.
    public var effectiveScale: Int {
        scale ?? deploy?.replicas ?? 1
    }

    /// The joined networks, highest `priority` first, ties by name (the order containers attach in).
    public var networksByPriority: [String] {
        networks
            .map { (name: $0.key, priority: $0.value?.priority ?? 0) }
            .sorted { $0.priority != $1.priority ? $0.priority > $1.priority : $0.name < $1.name }
            .map(\.name)
    }

    /// Names of the services this one depends on, sorted.
    public var dependencyNames: [String] {
        dependsOn.keys.sorted()
    }
}

extension ComposeHealthcheck {
    /// True when the check is switched off (`disable: true` or `test: ["NONE"]`).
    public var isDisabled: Bool {
        disable == true || test.first == "NONE"
    }
}
