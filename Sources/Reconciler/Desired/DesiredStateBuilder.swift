import ComposeModel
import EngineAPI

/// Turns a loaded compose project into the desired state: networks, volumes and, in dependency order,
/// every service with one fully specified container per replica, labelled as docker compose v2 labels
/// its containers (so each tool sees the other's) plus our digest labels.
///
/// Pure: no I/O, no clock. The same model, context and options give the same result, digests included.
/// References to other services' containers (`network_mode`/`pid`/`ipc: service:x`, `volumes_from`,
/// `links`) name those containers (`container:<project>-x-1`); docker compose puts the container id there
/// at create time, the engine resolves the name at the same moment (see `ServiceNaming.namespaceMode`).
public struct DesiredStateBuilder: Sendable {
    public var context: DesiredProjectContext
    public var options: DesiredStateOptions

    public init(context: DesiredProjectContext, options: DesiredStateOptions = DesiredStateOptions()) {
        self.context = context
        self.options = options
    }

    public func build(_ project: ComposeProject) throws(DesiredStateError) -> DesiredProject {
        let naming = try ServiceNaming(project: project, scale: options.scale)
        var services: [DesiredService] = []
        var warnings: [String] = []
        for name in try DependencyOrder.sorted(project) {
            guard let service = project.services[name] else { continue }
            services.append(try desiredService(service, project: project, naming: naming, warnings: &warnings))
        }
        var desired = DesiredProject(
            name: project.name,
            networks: project.networks.map { desiredNetwork(key: $0.key, $0.value, project: project.name) },
            volumes: project.volumes.map { desiredVolume(key: $0.key, $0.value, project: project.name) },
            services: services
        )
        desired.warnings = warnings
        return desired
    }

    private func desiredService(_ service: ComposeService, project: ComposeProject, naming: ServiceNaming,
                                warnings: inout [String]) throws(DesiredStateError) -> DesiredService {
        let mapper = ContainerSpecMapper(project: project, service: service, naming: naming, context: context)
        warnings += mapper.fileReferenceWarnings
        let unmapped = mapper.unmappedAttributes
        if !unmapped.isEmpty {
            warnings.append("service \(service.name): not applied by this engine interface: \(unmapped.joined(separator: ", "))")
        }
        let dependencies = service.dependsOn.keys.sorted().compactMap { key -> DesiredDependency? in
            guard let dependency = service.dependsOn[key] else { return nil }
            return DesiredDependency(
                service: key,
                condition: DesiredDependency.Condition(rawValue: (dependency.condition ?? .started).rawValue) ?? .started,
                required: dependency.required,
                restart: dependency.restart ?? false
            )
        }
        var replicas = naming.replicaCount(service.name)
        // A provider plugin, not a container, implements the service in docker compose; no engine runs one.
        if service.provider != nil {
            warnings.append("service \(service.name): provider services are not supported; no container is created")
            replicas = 0
        }
        var containers: [DesiredContainer] = []
        containers.reserveCapacity(replicas)
        for number in stride(from: 1, through: replicas, by: 1) {
            var spec = try mapper.spec(number: number)
            let digests = FieldDigester.digests(of: spec)
            spec.labels.merge(containerLabels(service: service, number: number, dependencies: dependencies,
                                              digests: digests, project: project.name)) { _, tool in tool }
            containers.append(DesiredContainer(id: .container(service: service.name, number: number), number: number,
                                               spec: spec, digests: digests))
        }
        return DesiredService(
            name: service.name,
            replicas: replicas,
            image: mapper.imageName,
            pullPolicy: try pullPolicy(service),
            builds: service.build != nil,
            dependencies: dependencies,
            containers: containers
        )
    }

    /// docker compose's container labels (`cmd/compose/compose.go`, `prepareLabels`) and ours. They win
    /// over a user label of the same key, as in docker compose.
    private func containerLabels(service: ComposeService, number: Int, dependencies: [DesiredDependency],
                                 digests: FieldDigests, project: String) -> [String: String] {
        var labels: [String: String] = [
            OwnershipLabels.project: project,
            OwnershipLabels.service: service.name,
            OwnershipLabels.containerNumber: String(number),
            OwnershipLabels.oneoff: "False",
            OwnershipLabels.configHash: digests.combined,
            OwnershipLabels.configFiles: context.configFiles.joined(separator: ","),
            OwnershipLabels.workingDir: context.workingDirectory,
            // `service:condition:restart`, sorted by service (docker compose writes Go map order).
            OwnershipLabels.dependsOn: dependencies
                .map { "\($0.service):\($0.condition.rawValue):\($0.restart)" }
                .joined(separator: ","),
            OwnershipLabels.version: context.version,
            OwnershipLabels.digestVersion: String(digests.version),
            OwnershipLabels.fieldDigests: digests.labelValue,
        ]
        if !context.environmentFiles.isEmpty {
            labels[OwnershipLabels.environmentFile] = context.environmentFiles.joined(separator: ",")
        }
        if let imageID = options.imageIDs[service.name] {
            labels[OwnershipLabels.imageDigest] = imageID
        }
        return labels
    }

    /// `pull_policy`; unset is `missing` (and `build` for a service that only builds, as docker compose
    /// builds a missing image rather than pulling it). `refresh` pulls every time; `every_<interval>` is
    /// approximated by the nearest of daily and weekly.
    private func pullPolicy(_ service: ComposeService) throws(DesiredStateError) -> DesiredService.PullPolicy {
        switch service.pullPolicy {
        case nil: return service.image == nil && service.build != nil ? .build : .missing
        case .always?, .refresh?: return .always
        case .never?: return .never
        case .missing?, .ifNotPresent?: return .missing
        case .build?: return .build
        case .daily?: return .daily
        case .weekly?: return .weekly
        case .every?:
            let interval = service.pullPolicy?.refreshInterval?.nanoseconds ?? 0
            return interval > 24 * 3600 * 1_000_000_000 ? .weekly : .daily
        case .other(let text)?:
            throw DesiredStateError(service: service.name, "unsupported pull_policy \"\(text)\"")
        }
    }
}
