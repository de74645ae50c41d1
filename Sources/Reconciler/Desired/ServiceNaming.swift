import ComposeModel

/// Container names and replica counts of every service of a project, as docker compose v2 names them:
/// `<project>-<service>-<n>`, or `container_name` for a single-replica service.
struct ServiceNaming: Sendable {
    var project: String
    var containerNames: [String: String]
    var replicas: [String: Int]

    init(project: ComposeProject, scale overrides: [String: Int]) throws(DesiredStateError) {
        self.project = project.name
        var containerNames: [String: String] = [:]
        var replicas: [String: Int] = [:]
        for (name, service) in project.services {
            let count = overrides[name] ?? service.effectiveScale
            guard count >= 0 else { throw DesiredStateError(service: name, "scale must not be negative (\(count))") }
            if let containerName = service.containerName, count > 1 {
                throw DesiredStateError(service: name, "can't set container_name \(containerName) with \(count) replicas: container names must be unique")
            }
            replicas[name] = count
            if let containerName = service.containerName { containerNames[name] = containerName }
        }
        self.containerNames = containerNames
        self.replicas = replicas
    }

    func containerName(service: String, number: Int) -> String {
        containerNames[service] ?? "\(project)-\(service)-\(number)"
    }

    func replicaCount(_ service: String) -> Int {
        replicas[service] ?? 0
    }

    /// `service:x` → `container:<x's first container>`; other modes unchanged. docker compose resolves the
    /// reference to the container *id* at create time; the spec keeps the name instead, which the engine
    /// resolves at create time and which stays the same when `x` is recreated (the loader adds
    /// `depends_on: {x: {restart: true}}`, so the planner restarts the sharer with `x`).
    func namespaceMode(_ mode: String?) -> String? {
        guard let mode, mode.hasPrefix("service:") else { return mode }
        return "container:" + containerName(service: String(mode.dropFirst("service:".count)), number: 1)
    }
}
