import EngineAPI
import Foundation

/// Observation from the state directory alone: container records plus the supervisors' files, network and
/// volume records. Removes that crashed half-way are finished here, so they never show up twice.
extension EmbeddedEngine {
    public func observe(project: String) async throws(EngineError) -> ObservedState {
        let all = try liveRecords()
        let now = Date().timeIntervalSince1970
        let bootID = EmbeddedRuntime.bootID()
        let mine = all.filter { $0.labels[OwnershipLabels.project] == project }
        let observedNetworks = try networks.list().filter { $0.labels[OwnershipLabels.project] == project }
            .map { observed($0, containers: all) }
        let observedVolumes = try volumes.list().filter { $0.labels[OwnershipLabels.project] == project }.map(\.observed)
        return ObservedState(containers: mine.map { observed($0, now: now, bootID: bootID) }, networks: observedNetworks,
                             volumes: observedVolumes)
    }

    public func observeAllProjects() async throws(EngineError) -> [ObservedContainer] {
        let now = Date().timeIntervalSince1970
        let bootID = EmbeddedRuntime.bootID()
        return try liveRecords().filter { $0.labels[OwnershipLabels.project] != nil }.map { observed($0, now: now, bootID: bootID) }
    }

    public func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] {
        let wanted = Set(names.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        let now = Date().timeIntervalSince1970
        let bootID = EmbeddedRuntime.bootID()
        return try liveRecords().filter { wanted.contains($0.name) }.map { observed($0, now: now, bootID: bootID) }
    }

    public func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails {
        let record = try containers.resolve(id)
        let current = status(record)
        return ContainerDetails(container: observed(record, status: current, now: Date().timeIntervalSince1970),
                                healthLog: current.healthLog, startedAt: current.startedAt, finishedAt: current.finishedAt,
                                error: current.error, oomKilled: current.oomKilled)
    }

    /// Every record, with removes a crashed process left half-done finished first.
    func liveRecords() throws(EngineError) -> [ContainerRecord] {
        var live: [ContainerRecord] = []
        for record in try containers.records() {
            if record.removing {
                try? removeRecord(record, removeVolumes: false)
                continue
            }
            live.append(record)
        }
        return live
    }

    func observed(_ record: ContainerRecord, now: Double, bootID: String?) -> ObservedContainer {
        observed(record, status: ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: bootID), now: now)
    }

    func observed(_ record: ContainerRecord, status: ContainerStatus, now: Double) -> ObservedContainer {
        var ports: [ObservedPort] = []
        let active = EmbeddedEngine.activeStates.contains(status.state)
        if active {
            ports = record.ports.map { mapping in
                ObservedPort(containerPort: mapping.containerPort,
                             portProtocol: PortBinding.PortProtocol(rawValue: mapping.protocol) ?? .tcp,
                             hostIP: mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP, hostPort: mapping.hostPort)
            }
        }
        let published = Set(ports.map { "\($0.containerPort)/\($0.portProtocol.rawValue)" })
        let exposed = Set(record.spec.exposedPorts + (record.imageConfig?.exposedPorts.map { Array($0.keys) } ?? []))
        for entry in exposed.sorted() {
            let parts = entry.split(separator: "/")
            guard let port = parts.first.flatMap({ Int($0) }) else { continue }
            let proto = parts.count > 1 ? PortBinding.PortProtocol(rawValue: String(parts[1])) ?? .tcp : .tcp
            if !published.contains("\(port)/\(proto.rawValue)") { ports.append(ObservedPort(containerPort: port, portProtocol: proto)) }
        }
        return ObservedContainer(
            id: record.id, name: record.name, image: record.spec.image, imageID: record.imageID, labels: record.labels,
            state: status.state, health: status.health, exitCode: status.exitCode, restartCount: status.restartCount,
            networks: networkMode(record) == .attachments ? record.networks.map(\.network) : [record.spec.networkMode ?? "none"],
            created: record.created, command: record.commandLine, status: status.text(now: now), ports: ports)
    }

    func observed(_ network: NetworkRecord, containers all: [ContainerRecord]) -> ObservedNetwork {
        ObservedNetwork(id: network.id, name: network.name, driver: "bridge", labels: network.labels, isInternal: network.internal,
                        enableIPv6: network.ipv6Subnet != nil, subnets: [network.subnet] + (network.ipv6Subnet.map { [$0] } ?? []),
                        containers: all.filter { $0.networks.contains { $0.network == network.name } }.map(\.id))
    }
}
