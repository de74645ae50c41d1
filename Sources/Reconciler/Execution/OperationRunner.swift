import EngineAPI

/// Runs one operation: its one engine call, retried on transient errors, or the polling of a wait.
struct OperationRunner: Sendable {
    let engine: any ContainerEngine
    let options: ExecutorOptions
    let project: String

    func run(_ planned: PlannedOperation) async -> OperationCompletion {
        if case .waitFor(let service, let condition, let required) = planned.operation {
            return await waitFor(planned.id, service: service, condition: condition, required: required)
        }
        var attempts = 0
        var backoff = options.initialBackoff
        while true {
            attempts += 1
            do {
                let created = try await callWithDeadline(planned)
                return OperationCompletion(id: planned.id, result: .succeeded(createdID: created), attempts: attempts)
            } catch {
                guard error.isTransient, attempts < max(1, options.maxAttempts) else {
                    return OperationCompletion(id: planned.id, result: .failed(error), attempts: attempts)
                }
                try? await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
    }

    /// `call` raced against `callTimeout`: the loser is cancelled (an engine call ends when cancelled).
    private func callWithDeadline(_ planned: PlannedOperation) async throws(EngineError) -> String? {
        guard let limit = options.callTimeout else { return try await call(planned) }
        let first = await withTaskGroup(of: Result<String?, EngineError>?.self) { group in
            group.addTask {
                do throws(EngineError) { return .success(try await call(planned)) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let first else {
            throw EngineError(.timeout, "\(planned.operation.kind) did not finish within \(limit)", resource: planned.resource)
        }
        return try first.get()
    }

    /// The one engine call of an operation; returns the id of a created container.
    private func call(_ planned: PlannedOperation) async throws(EngineError) -> String? {
        switch planned.operation {
        case .createNetwork(let spec):
            _ = try await engine.createNetwork(spec)
        case .removeNetwork(let name):
            try await engine.removeNetwork(name)
        case .connectNetwork(let container, let attachment):
            try await engine.connect(container: container.engineReference, to: attachment)
        case .disconnectNetwork(let container, let network):
            try await engine.disconnect(container: container.engineReference, from: network)
        case .createVolume(let spec):
            try await engine.createVolume(spec)
        case .removeVolume(let name):
            try await engine.removeVolume(name)
        case .pullImage(let reference):
            try await engine.pullImage(reference)
        case .pushImage(let reference):
            try await engine.pushImage(reference)
        case .buildImage(let service, let image):
            guard let builder = options.imageBuilder else {
                throw EngineError(.unsupported, "no image builder is configured to build \(image)",
                                  resource: planned.resource)
            }
            try await builder(service, image)
        case .createContainer(let spec, _):
            // The engine protocol takes the volumes to reuse from the spec's mounts; `inheritVolumesFrom`
            // is informational for the engines that resolve anonymous volumes themselves.
            return try await engine.createContainer(spec)
        case .startContainer(let container):
            try await engine.startContainer(container.engineReference)
        case .stopContainer(let container, let timeout):
            try await engine.stopContainer(container.engineReference, timeout: timeout)
        case .removeContainer(let container, let removeVolumes, let force):
            try await engine.removeContainer(container.engineReference, force: force, removeVolumes: removeVolumes)
        case .renameContainer(let from, let name):
            try await engine.renameContainer(from.engineReference, to: name)
        case .unpauseContainer(let container):
            try await engine.unpauseContainer(container.engineReference)
        case .pauseContainer(let container):
            try await engine.pauseContainer(container.engineReference)
        case .killContainer(let container, let signal):
            try await engine.killContainer(container.engineReference, signal: signal)
        case .removeImage(let reference):
            try await engine.removeImage(reference, force: false)
        case .waitFor:
            break
        }
        return nil
    }
}
