import ComposeModel

/// What a service's config hash covers: its canonical form minus the attributes that do not change the
/// container itself (docker compose leaves out replicas, dependencies and profiles the same way).
enum ServiceHash {
    static let excludedKeys: Set<String> = ["scale", "depends_on", "profiles", "build", "pull_policy"]

    static func canonicalJSON(_ service: ComposeNode) -> String {
        guard var mapping = service.mapping else { return service.jsonString(indent: 0) }
        for key in excludedKeys { mapping[key] = nil }
        if var deploy = mapping["deploy"]?.mapping {
            deploy["replicas"] = nil
            mapping["deploy"] = deploy.isEmpty ? nil : .mapping(deploy)
        }
        mapping.sortKeys()
        return ComposeNode.mapping(mapping).jsonString(indent: 0)
    }
}
