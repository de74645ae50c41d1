import EngineAPI

/// Runs `work` on each item, at most `limit` at a time; the first failure cancels the rest and is thrown.
/// Layer downloads and blob uploads share it.
enum BoundedConcurrency {
    static func forEach<Item: Sendable>(_ items: [Item], limit: Int,
                                        _ work: @escaping @Sendable (Item) async throws(EngineError) -> Void) async throws(EngineError) {
        guard !items.isEmpty else { return }
        let result: Result<Void, EngineError> = await withTaskGroup(of: Result<Void, EngineError>.self) { group in
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                group.addTask {
                    do {
                        try await work(item)
                        return .success(())
                    } catch {
                        return .failure(error as? EngineError ?? EngineError(.internalError, "\(error)"))
                    }
                }
            }
            for _ in 0..<min(max(1, limit), items.count) { startNext() }
            var failure: EngineError?
            for await outcome in group {
                if case .failure(let error) = outcome {
                    if failure == nil {
                        failure = error
                        group.cancelAll()
                    }
                } else if failure == nil {
                    startNext()
                }
            }
            return failure.map { .failure($0) } ?? .success(())
        }
        try result.get()
    }
}
