import EngineAPI
import Foundation

extension DockerEngine {
    public func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails {
        DockerEngine.details(of: try await inspectRaw(id))
    }

    /// `GET /containers/{id}/json`; a 404 names the container asked for.
    func inspectRaw(_ id: String) async throws(EngineError) -> DockerContainerInspect {
        let request = DockerRequest("GET", "/containers/\(DockerRequest.segment(id))/json")
        do {
            return try decode(DockerContainerInspect.self, from: try await call(request), request: request)
        } catch where error.code == .notFound {
            throw EngineError(.notFound, "no such container: \(id)", cause: error.cause)
        }
    }

    static func details(of inspect: DockerContainerInspect) -> ContainerDetails {
        let state = inspect.State?.Status.flatMap(ObservedContainer.State.init(rawValue:)) ?? .dead
        let health = inspect.State?.Health?.Status.flatMap(ObservedContainer.Health.init(rawValue:)) ?? .none
        let name = inspect.Name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? inspect.Id
        let command = ([inspect.Path ?? ""] + (inspect.Args ?? [])).filter { !$0.isEmpty }.joined(separator: " ")
        let container = ObservedContainer(
            id: inspect.Id, name: name, image: inspect.Config?.Image ?? inspect.Image ?? "", imageID: inspect.Image,
            labels: inspect.Config?.Labels ?? [:], state: state, health: health,
            exitCode: state == .exited || state == .dead ? inspect.State?.ExitCode : nil,
            restartCount: inspect.RestartCount ?? 0, networks: (inspect.NetworkSettings?.Networks ?? [:]).keys.sorted(),
            created: inspect.Created.flatMap(DockerTime.seconds(rfc3339:)) ?? 0, command: command,
            ports: inspectedPorts(inspect.NetworkSettings?.Ports ?? [:]))
        let probes = inspect.State?.Health?.Log ?? []
        return ContainerDetails(
            container: container,
            healthLog: probes.map { ($0.Output ?? "").trimmingCharacters(in: .whitespacesAndNewlines) },
            startedAt: DockerTime.nonZero(inspect.State?.StartedAt), finishedAt: DockerTime.nonZero(inspect.State?.FinishedAt),
            error: inspect.State?.Error.flatMap { $0.isEmpty ? nil : $0 }, oomKilled: inspect.State?.OOMKilled ?? false)
    }

    /// `{"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "9000/tcp": null}`: a null list is a port
    /// only exposed.
    static func inspectedPorts(_ ports: [String: [DockerContainerInspect.HostBinding]?]) -> [ObservedPort] {
        var result: [ObservedPort] = []
        for (key, bindings) in ports {
            let parts = key.split(separator: "/")
            guard let first = parts.first, let containerPort = Int(first) else { continue }
            let portProtocol = parts.count > 1 ? PortBinding.PortProtocol(rawValue: String(parts[1])) ?? .tcp : .tcp
            guard let bindings, !bindings.isEmpty else {
                result.append(ObservedPort(containerPort: containerPort, portProtocol: portProtocol))
                continue
            }
            for binding in bindings {
                result.append(ObservedPort(containerPort: containerPort, portProtocol: portProtocol,
                                           hostIP: binding.HostIp.flatMap { $0.isEmpty ? nil : $0 },
                                           hostPort: binding.HostPort.flatMap { Int($0) }))
            }
        }
        return result.sorted(by: portOrder)
    }
}
