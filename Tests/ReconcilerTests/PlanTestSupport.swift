import EngineAPI
import Reconciler
import Testing

/// Hand-built desired and observed states for planner tests: project `demo`, services with a few digest
/// groups whose values the tests choose, networks and volumes named as docker compose names them.
enum PlanFixture {
    static let project = "demo"

    struct ServiceSetup {
        var name: String
        var replicas = 1
        var image = "nginx:1.27"
        var environment = "env-1"
        var command = "cmd-1"
        var restart = RestartPolicy.always
        var dependencies: [DesiredDependency] = []
        var networks = ["default"]
        var volumes: [String] = []
        var builds = false
        var pullPolicy = DesiredService.PullPolicy.missing
        var containerName: String?
    }

    static func service(_ name: String, replicas: Int = 1, environment: String = "env-1",
                        restart: RestartPolicy = .always, dependsOn: [DesiredDependency] = [],
                        volumes: [String] = [], image: String = "nginx:1.27") -> DesiredService {
        var setup = ServiceSetup(name: name)
        setup.replicas = replicas
        setup.environment = environment
        setup.restart = restart
        setup.dependencies = dependsOn
        setup.volumes = volumes
        setup.image = image
        return service(setup)
    }

    static func service(_ setup: ServiceSetup) -> DesiredService {
        let digests = digests(image: setup.image, environment: setup.environment, command: setup.command)
        let containers = (0..<setup.replicas).map { offset in
            let number = offset + 1
            var spec = ContainerSpec(name: setup.containerName ?? "\(project)-\(setup.name)-\(number)", image: setup.image)
            spec.restartPolicy = setup.restart
            spec.labels = [
                OwnershipLabels.project: project,
                OwnershipLabels.service: setup.name,
                OwnershipLabels.containerNumber: String(number),
                OwnershipLabels.oneoff: "False",
                OwnershipLabels.configHash: digests.combined,
                OwnershipLabels.digestVersion: String(digests.version),
                OwnershipLabels.fieldDigests: digests.labelValue,
            ]
            spec.networks = setup.networks.map { key in
                var attachment = NetworkAttachment(network: "\(project)_\(key)")
                attachment.aliases = [setup.name]
                return attachment
            }
            spec.mounts = setup.volumes.map { MountSpec(kind: .volume, source: "\(project)_\($0)", target: "/data/\($0)") }
            return DesiredContainer(id: .container(service: setup.name, number: number), number: number, spec: spec,
                                    digests: digests)
        }
        return DesiredService(name: setup.name, replicas: setup.replicas, image: setup.image,
                              pullPolicy: setup.pullPolicy, builds: setup.builds,
                              dependencies: setup.dependencies, containers: containers)
    }

    static func digests(image: String, environment: String, command: String, version: Int = FieldDigests.algorithmVersion)
        -> FieldDigests {
        let groups = ["image": "i(\(image))", "environment": "e(\(environment))", "command": "c(\(command))"]
        let combined = "v\(version)|" + groups.keys.sorted().map { "\($0)=\(groups[$0] ?? "")" }.joined(separator: "|")
        return FieldDigests(version: version, groups: groups, combined: combined)
    }

    static func network(_ key: String, external: Bool = false) -> DesiredNetwork {
        var spec = NetworkSpec(name: "\(project)_\(key)")
        spec.labels = [OwnershipLabels.project: project, OwnershipLabels.network: key]
        return DesiredNetwork(key: key, spec: spec, external: external)
    }

    static func volume(_ key: String, external: Bool = false) -> DesiredVolume {
        var spec = VolumeSpec(name: "\(project)_\(key)")
        spec.labels = [OwnershipLabels.project: project, OwnershipLabels.volume: key]
        return DesiredVolume(key: key, spec: spec, external: external)
    }

    static func project(_ services: [DesiredService], networks: [DesiredNetwork] = [network("default")],
                        volumes: [DesiredVolume] = []) -> DesiredProject {
        DesiredProject(name: project, networks: networks, volumes: volumes, services: services)
    }

    /// An observed container made from a desired one (same name and labels), in the given state.
    static func observed(_ container: DesiredContainer, state: ObservedContainer.State = .running,
                         exitCode: Int? = nil, health: ObservedContainer.Health = .none,
                         name: String? = nil, extraLabels: [String: String] = [:],
                         created: Double = 1) -> ObservedContainer {
        ObservedContainer(id: "id-\(name ?? container.spec.name)", name: "/" + (name ?? container.spec.name),
                          image: container.spec.image, imageID: "sha256:old",
                          labels: container.spec.labels.merging(extraLabels) { $1 }, state: state, health: health,
                          exitCode: exitCode, networks: container.spec.networks.map(\.network), created: created)
    }

    static func observed(_ network: DesiredNetwork) -> ObservedNetwork {
        ObservedNetwork(id: "net-\(network.key)", name: network.spec.name, driver: network.spec.driver ?? "bridge",
                        labels: network.spec.labels, isInternal: network.spec.isInternal,
                        enableIPv6: network.spec.enableIPv6 ?? false,
                        subnets: (network.spec.ipam?.pools ?? []).compactMap(\.subnet))
    }

    static func observed(_ volume: DesiredVolume) -> ObservedVolume {
        ObservedVolume(name: volume.spec.name, driver: volume.spec.driver ?? "local", labels: volume.spec.labels)
    }

    /// The observed state of a fully converged project: everything exists and every container runs.
    static func converged(_ project: DesiredProject) -> ObservedState {
        ObservedState(containers: project.services.flatMap { $0.containers.map { observed($0) } },
                      networks: project.networks.filter { !$0.external }.map(observed),
                      volumes: project.volumes.filter { !$0.external }.map(observed))
    }

    /// Plans and checks the invariants every plan must keep: ids are positions, dependencies point backwards.
    static func plan(_ desired: DesiredProject, _ observed: ObservedState, _ options: PlanOptions = PlanOptions(),
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> Plan {
        let plan = try Planner.plan(desired: desired, observed: observed, options: options)
        for (position, operation) in plan.operations.enumerated() {
            #expect(operation.id == position, sourceLocation: sourceLocation)
            #expect(operation.dependencies.allSatisfy { $0 < position }, sourceLocation: sourceLocation)
            #expect(operation.dependencies == Array(Set(operation.dependencies)).sorted(), sourceLocation: sourceLocation)
        }
        return plan
    }

    /// Compares a plan's text rendering with a golden string (the value shows in the failure message).
    static func expectText(_ plan: Plan, _ golden: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = plan.text()
        #expect(text == golden, sourceLocation: sourceLocation)
    }

    static func dependency(_ service: String, _ condition: DesiredDependency.Condition = .started,
                           restart: Bool = false) -> DesiredDependency {
        DesiredDependency(service: service, condition: condition, required: true, restart: restart)
    }
}

extension DesiredProject {
    func container(_ service: String, _ number: Int = 1) -> DesiredContainer {
        let found = services.first { $0.name == service }?.containers.first { $0.number == number }
        return found ?? DesiredContainer(id: .container(service: service, number: number), number: number,
                                         spec: ContainerSpec(name: "missing", image: "missing"),
                                         digests: FieldDigests(groups: [:], combined: ""))
    }
}

extension Plan {
    /// `id: kind resource <- dependencies`, one per line, to pin the DAG in tests.
    var graph: String {
        operations.map { operation in
            let after = operation.dependencies.isEmpty ? "" : " <- " + operation.dependencies.map(String.init).joined(separator: ",")
            return "\(operation.id): \(operation.operation.kind) \(operation.resource)\(after)"
        }.joined(separator: "\n")
    }
}
