import Synchronization

/// The controller's dirty flag: any number of `mark` calls between two turns become one turn. Producers
/// (event stream, file watcher, timers) mark; the loop alone waits.
public final class TriggerQueue: Sendable {
    private struct State {
        var pending: Set<Trigger> = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Makes the project dirty; wakes the loop when it waits.
    public func mark(_ trigger: Trigger) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.pending.insert(trigger)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The triggers marked so far, cleared.
    public func take() -> Set<Trigger> {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Waits until something is marked or `timeout` passes (or the task is cancelled); returns and clears
    /// what was marked (empty after a timeout with nothing marked).
    public func next(timeout: Duration) async -> Set<Trigger> {
        if state.withLock({ !$0.pending.isEmpty }) { return take() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitMarked() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return take()
    }

    private func waitMarked() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.pending.isEmpty || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
