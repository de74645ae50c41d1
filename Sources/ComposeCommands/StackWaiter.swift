import EngineAPI
import Foundation
import Reconciler

/// `up --wait`: observes until the stack has been ready without interruption for a stability window (a
/// container that starts and crashes a moment later is not "up"), fails early on a container that cannot
/// get ready, and gives up after the timeout.
struct StackWaiter {
    let engine: any ContainerEngine
    let project: String
    /// Replicas expected per waited-for service.
    let expected: [String: Int]
    var stabilityWindow: Duration = .seconds(2)
    var pollInterval: Duration = .milliseconds(500)

    func wait(timeout: Duration?) async throws {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var readySince: ContinuousClock.Instant?
        var last = "no observation yet"
        while true {
            let observed: ObservedState
            do {
                observed = try await engine.observe(project: project)
            } catch {
                throw CommandFailure(error.description)
            }
            let containers = observed.containers.filter { $0.service.map { expected[$0] != nil } ?? false }
            switch StackReadiness.of(containers, expected: expected) {
            case .ready:
                let since = readySince ?? clock.now
                readySince = since
                if clock.now - since >= stabilityWindow { return }
            case .pending(let reason):
                readySince = nil
                last = reason
            case .failed(let reason):
                throw CommandFailure(await explain(reason, containers))
            }
            if let deadline, clock.now >= deadline {
                throw CommandFailure("timeout waiting for project \(project) to be running and healthy: \(last)")
            }
            try? await Task.sleep(for: pollInterval)
            if Task.isCancelled { throw CancellationError() }
        }
    }

    /// Adds the last health check output of unhealthy containers to the message.
    private func explain(_ reason: String, _ containers: [ObservedContainer]) async -> String {
        var text = reason
        for container in containers where container.health == .unhealthy {
            if let details = try? await engine.inspectContainer(container.id), let output = details.healthLog.last, !output.isEmpty {
                text += "; last health check output: \(output)"
                break
            }
        }
        return text
    }
}
