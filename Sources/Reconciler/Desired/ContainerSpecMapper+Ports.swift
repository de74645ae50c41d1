import ComposeModel
import EngineAPI

extension ContainerSpecMapper {
    /// Published ports in file order; a host port range stays text (`8080-8081`) for the engine to pick from.
    func ports() throws(DesiredStateError) -> [PortBinding] {
        var bindings: [PortBinding] = []
        for port in service.ports {
            guard let target = port.target else { continue }
            bindings.append(PortBinding(
                containerPort: target,
                portProtocol: try portProtocol(port.portProtocol),
                hostIP: port.hostIP.flatMap { $0.isEmpty ? nil : $0 },
                hostPort: port.published.flatMap { $0.isEmpty ? nil : $0 }
            ))
        }
        return bindings
    }

    /// `port/protocol` of every `expose` entry (ranges expanded) and every published port's target,
    /// each once, ordered by port then protocol.
    func exposedPorts() -> [String] {
        var entries = Set<ExposedPort>()
        for text in service.expose {
            let pieces = text.split(separator: "/", maxSplits: 1)
            let proto = pieces.count > 1 ? String(pieces[1]) : "tcp"
            let bounds = pieces.first.map { $0.split(separator: "-", maxSplits: 1).compactMap { Int($0) } } ?? []
            if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 65536 {
                for value in bounds[0]...bounds[1] { entries.insert(ExposedPort(port: value, proto: proto)) }
            } else if bounds.count == 1 {
                entries.insert(ExposedPort(port: bounds[0], proto: proto))
            }
        }
        for port in service.ports {
            guard let target = port.target else { continue }
            entries.insert(ExposedPort(port: target, proto: port.portProtocol?.rawValue ?? "tcp"))
        }
        return entries.sorted { ($0.port, $0.proto) < ($1.port, $1.proto) }.map { "\($0.port)/\($0.proto)" }
    }

    private func portProtocol(_ value: ComposePort.PortProtocol?) throws(DesiredStateError) -> PortBinding.PortProtocol {
        switch value {
        case nil, .tcp?: return .tcp
        case .udp?: return .udp
        case .sctp?: return .sctp
        case .other(let text)?:
            throw DesiredStateError(service: service.name, "unsupported port protocol \"\(text)\" (tcp, udp or sctp)")
        }
    }
}

private struct ExposedPort: Hashable {
    var port: Int
    var proto: String
}
