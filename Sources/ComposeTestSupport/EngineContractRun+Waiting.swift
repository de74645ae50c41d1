import EngineAPI

/// Waiting on things an engine does in its own time (exits, streams), bounded by the context's patience so
/// a broken engine fails its check instead of hanging the suite.
extension EngineContractRun {
    private enum Bounded<T: Sendable>: Sendable {
        case value(T)
        case failed(any Error)
        case timedOut
    }

    /// Runs `body`; an error, or no answer within the context's patience, is a violation naming `what`.
    /// The body is cancelled when patience runs out, so the engine must honour cancellation.
    func within<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) async throws(EngineContractViolation) -> T {
        let patience = context.patience
        let outcome = await withTaskGroup(of: Bounded<T>.self) { group in
            group.addTask {
                do {
                    return .value(try await body())
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(patience, 0) * 1_000_000_000))
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
        switch outcome {
        case .value(let value):
            return value
        case .failed(let error as EngineError):
            throw violation("\(what) failed: \(error.code): \(error)")
        case .failed(let error as EngineContractViolation):
            throw error
        case .failed(let error):
            throw violation("\(what) failed: \(error)")
        case .timedOut:
            throw violation("\(what) did not happen within \(patience) seconds")
        }
    }

    /// `waitContainer`, bounded.
    func wait(_ id: String, _ what: String) async throws(EngineContractViolation) -> Int {
        let engine = self.engine
        return try await within(what) { () async throws -> Int in try await engine.waitContainer(id) }
    }

    /// Every line of a (non-following) log stream, bounded.
    func logs(_ id: String, _ options: LogOptions, _ what: String) async throws(EngineContractViolation) -> [LogLine] {
        let engine = self.engine
        return try await within(what) { () async throws -> [LogLine] in
            var lines: [LogLine] = []
            for try await line in engine.containerLogs(id, options: options) { lines.append(line) }
            return lines
        }
    }

    /// A container of this project running `script` with `sh -c`.
    func scriptSpec(_ service: String, _ script: String) -> ContainerSpec {
        var spec = containerSpec(service)
        spec.command = ["sh", "-c", script]
        return spec
    }
}
