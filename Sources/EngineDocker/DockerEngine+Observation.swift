import EngineAPI
import Foundation

extension DockerEngine {
    /// Three label-filtered lists (containers, networks, volumes); the network's attached containers come
    /// from the container list, because `GET /networks` leaves `Containers` empty.
    public func observe(project: String) async throws(EngineError) -> ObservedState {
        let requests = DockerEngine.observeRequests(project: project)
        let containers = try await decode([DockerContainerSummary].self, from: call(requests.containers), request: requests.containers)
        let networks = try await decode([DockerNetworkSummary].self, from: call(requests.networks), request: requests.networks)
        let volumes = try await decode(DockerVolumeList.self, from: call(requests.volumes), request: requests.volumes)
        return DockerEngine.observed(containers: containers, networks: networks, volumes: volumes.Volumes ?? [])
    }

    static func observeRequests(project: String) -> (containers: DockerRequest, networks: DockerRequest, volumes: DockerRequest) {
        let filter = labelFilter(project: project)
        return (DockerRequest("GET", "/containers/json", query: [("all", "1"), ("filters", filter)]),
                DockerRequest("GET", "/networks", query: [("filters", filter)]),
                DockerRequest("GET", "/volumes", query: [("filters", filter)]))
    }

    /// `{"label":["com.docker.compose.project=P"]}`
    static func labelFilter(project: String) -> String {
        let filter = ["label": ["\(OwnershipLabels.project)=\(project)"]]
        return encode(filter).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func observed(containers: [DockerContainerSummary], networks: [DockerNetworkSummary],
                         volumes: [DockerVolumeList.Volume]) -> ObservedState {
        let observedContainers = containers.map(observed(container:)).sorted { ($0.created, $0.name) < ($1.created, $1.name) }
        let observedNetworks = networks.map { network in
            let members = containers.filter { container in
                (container.NetworkSettings?.Networks ?? [:]).contains { key, endpoint in
                    key == network.Name || (endpoint.NetworkID.map { !$0.isEmpty && $0 == network.Id } ?? false)
                }
            }
            return ObservedNetwork(id: network.Id, name: network.Name, driver: network.Driver ?? "", labels: network.Labels ?? [:],
                                   isInternal: network.Internal ?? false, enableIPv6: network.EnableIPv6 ?? false,
                                   subnets: (network.IPAM?.Config ?? []).compactMap(\.Subnet), containers: members.map(\.Id))
        }.sorted { $0.name < $1.name }
        let observedVolumes = volumes.map { ObservedVolume(name: $0.Name, driver: $0.Driver ?? "", labels: $0.Labels ?? [:]) }
            .sorted { $0.name < $1.name }
        return ObservedState(containers: observedContainers, networks: observedNetworks, volumes: observedVolumes)
    }

    /// The list gives state and status text only: the exit code and health are read from the status
    /// (`Exited (137) 2 seconds ago`, `Up 3 minutes (healthy)`); the restart count is not listed (0).
    static func observed(container: DockerContainerSummary) -> ObservedContainer {
        let name = container.Names?.first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? container.Id
        let state = container.State.flatMap(ObservedContainer.State.init(rawValue:)) ?? .dead
        let status = container.Status ?? ""
        var exitCode: Int?
        if state == .exited || state == .dead, let open = status.firstIndex(of: "("), let close = status.firstIndex(of: ")"), open < close {
            exitCode = Int(status[status.index(after: open)..<close])
        }
        let health: ObservedContainer.Health
        if status.contains("(healthy)") {
            health = .healthy
        } else if status.contains("(unhealthy)") {
            health = .unhealthy
        } else if status.contains("(health: starting)") {
            health = .starting
        } else {
            health = .none
        }
        return ObservedContainer(id: container.Id, name: name, image: container.Image ?? "", imageID: container.ImageID,
                                 labels: container.Labels ?? [:], state: state, health: health, exitCode: exitCode,
                                 restartCount: 0, networks: (container.NetworkSettings?.Networks ?? [:]).keys.sorted(),
                                 created: container.Created ?? 0, command: container.Command ?? "", status: status,
                                 ports: observedPorts(container.Ports ?? []))
    }

    /// The list shows one entry per binding (IPv4 and IPv6 separately) and one without host side per
    /// port that is only exposed; sorted, because the daemon's order is a map's.
    static func observedPorts(_ ports: [DockerContainerSummary.Port]) -> [ObservedPort] {
        ports.map { port in
            ObservedPort(containerPort: port.PrivatePort,
                         portProtocol: port.Type.flatMap(PortBinding.PortProtocol.init(rawValue:)) ?? .tcp,
                         hostIP: port.IP.flatMap { $0.isEmpty ? nil : $0 },
                         hostPort: port.PublicPort.flatMap { $0 == 0 ? nil : $0 })
        }.sorted(by: portOrder)
    }

    static func portOrder(_ lhs: ObservedPort, _ rhs: ObservedPort) -> Bool {
        (lhs.containerPort, lhs.portProtocol.rawValue, lhs.hostIP ?? "", lhs.hostPort ?? 0)
            < (rhs.containerPort, rhs.portProtocol.rawValue, rhs.hostIP ?? "", rhs.hostPort ?? 0)
    }
}
