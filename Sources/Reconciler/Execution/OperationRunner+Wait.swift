import EngineAPI
import Foundation

extension OperationRunner {
    private enum Verdict {
        case met
        case pending
        case failed(String)
    }

    /// Polls the service's containers until they meet `condition`, one fails it for good, or the deadline
    /// passes. A dependency that is not `required` only produces a warning.
    func waitFor(_ id: Int, service: String, condition: WaitCondition, required: Bool) async -> OperationCompletion {
        let clock = ContinuousClock()
        let deadline = clock.now + options.waitTimeout
        let resource = ResourceID(.service, service)
        var polls = 0
        var unreachable = 0
        var containers: [ObservedContainer] = []
        var failure: EngineError
        while true {
            if Task.isCancelled { return OperationCompletion(id: id, result: .cancelled, attempts: polls) }
            polls += 1
            do {
                let observed = try await engine.observe(project: project)
                containers = observed.containers.filter { $0.service == service && !$0.isOneOff }
                    .sorted { ($0.number ?? 0, $0.name) < ($1.number ?? 0, $1.name) }
                unreachable = 0
            } catch {
                // A transient observation failure is one more poll, a few in a row end the wait (an engine
                // that went away must not keep `compose` waiting until the deadline); anything else ends it.
                unreachable += 1
                if !error.isTransient || unreachable >= max(1, options.maxAttempts) {
                    failure = error
                    break
                }
            }
            if case .failed(let reason) = Self.verdict(condition, containers) {
                failure = EngineError(.dependencyFailed, "dependency \(service) \(reason): "
                    + Self.describe(containers) + (await lastHealthOutput(containers)), resource: resource)
                break
            }
            if case .met = Self.verdict(condition, containers) {
                return OperationCompletion(id: id, result: .succeeded(createdID: nil), attempts: polls)
            }
            let now = clock.now
            if now >= deadline {
                let goal = condition == .healthy ? "did not become healthy" : "did not complete"
                let state = containers.isEmpty ? "no container" : Self.describe(containers) + (await lastHealthOutput(containers))
                failure = EngineError(.timeout, "dependency \(service) \(goal) within \(options.waitTimeout): \(state)",
                                      resource: resource)
                break
            }
            try? await Task.sleep(for: min(options.pollInterval, deadline - now))
        }
        if Task.isCancelled { return OperationCompletion(id: id, result: .cancelled, attempts: polls) }
        guard required else {
            return OperationCompletion(id: id, result: .succeeded(createdID: nil), attempts: polls,
                                       warning: "optional " + failure.description)
        }
        return OperationCompletion(id: id, result: .failed(failure), attempts: polls)
    }

    /// "; last health check output: …" of the first container with a failing or pending health check, so a
    /// failed `service_healthy` says why; empty when there is none or the engine cannot tell.
    private func lastHealthOutput(_ containers: [ObservedContainer]) async -> String {
        guard let container = containers.first(where: { $0.health == .unhealthy || $0.health == .starting }),
              let details = try? await engine.inspectContainer(container.id),
              let output = details.healthLog.last?.trimmingCharacters(in: .whitespacesAndNewlines), !output.isEmpty
        else { return "" }
        return "; last health check output: \(output)"
    }

    private static func verdict(_ condition: WaitCondition, _ containers: [ObservedContainer]) -> Verdict {
        guard !containers.isEmpty else { return .pending }
        var met = true
        for container in containers {
            switch condition {
            case .healthy:
                switch (container.state, container.health) {
                case (.exited, _), (.dead, _): return .failed("exited")
                case (_, .unhealthy): return .failed("is unhealthy")
                case (.running, .none): return .failed("has no healthcheck")
                case (.running, .healthy): continue
                default: met = false
                }
            case .completedSuccessfully:
                switch container.state {
                case .exited where container.exitCode == 0: continue
                case .exited, .dead: return .failed("did not complete successfully")
                default: met = false
                }
            }
        }
        return met ? .met : .pending
    }

    /// `demo-db-1 running, health starting; demo-db-2 exited, exit code 1`.
    static func describe(_ containers: [ObservedContainer]) -> String {
        containers.map { container in
            var text = container.plainName
                + " " + container.state.rawValue
            if container.health != .none { text += ", health \(container.health.rawValue)" }
            if let code = container.exitCode { text += ", exit code \(code)" }
            return text
        }.joined(separator: "; ")
    }
}
