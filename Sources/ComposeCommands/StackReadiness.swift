import EngineAPI

/// Whether a stack is up for `up --wait`: every container running (healthy when it has a health check),
/// or a finished job (exited 0). Pure, so the rules are tested without an engine.
enum StackReadiness: Equatable {
    case ready
    case pending(String)
    /// A container that will not get ready by waiting (exited non-zero and not restarting, unhealthy).
    case failed(String)

    static func of(_ containers: [ObservedContainer], expected: [String: Int]) -> StackReadiness {
        var waitingFor: [String] = []
        for (service, count) in expected.sorted(by: { $0.key < $1.key }) {
            let found = containers.filter { $0.service == service && !$0.isOneOff }
            if found.count < count { waitingFor.append("\(service) has \(found.count) of \(count) containers") }
        }
        for container in containers.sorted(by: { $0.name < $1.name }) where !container.isOneOff {
            let name = container.plainName
            switch (container.state, container.health) {
            case (.running, .healthy), (.running, .none):
                continue
            case (.running, .unhealthy):
                return .failed("container \(name) is unhealthy")
            case (.running, .starting):
                waitingFor.append("\(name) is starting (health: starting)")
            case (.exited, _) where container.exitCode == 0:
                continue
            case (.exited, _), (.dead, _):
                return .failed("container \(name) exited (\(container.exitCode.map(String.init) ?? "?"))")
            case (.restarting, _):
                waitingFor.append("\(name) is restarting")
            case (.created, _):
                waitingFor.append("\(name) is created but not started")
            case (.paused, _):
                return .failed("container \(name) is paused")
            case (.removing, _):
                waitingFor.append("\(name) is being removed")
            }
        }
        return waitingFor.isEmpty ? .ready : .pending(waitingFor.joined(separator: "; "))
    }
}
