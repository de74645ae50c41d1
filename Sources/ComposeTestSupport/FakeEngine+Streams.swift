import EngineAPI

/// Logs, waits and events: the calls that outlive one actor turn. After every change to the store,
/// `settle()` hands new events to subscribers, new output to log followers, and ends followers and waiters
/// of containers that stopped.
extension FakeEngine {
    struct LogFollower {
        var container: String
        var options: LogOptions
        /// How many of the container's log entries the follower has seen.
        var seen: Int
        var continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
        /// Resumed when the follow ends, so the task that serves the stream can finish.
        var done: CheckedContinuation<Void, Never>?
    }

    struct ExitWaiter {
        var container: String
        var continuation: CheckedContinuation<WaitOutcome, Never>
    }

    enum WaitOutcome: Sendable {
        case exited(Int)
        case cancelled
        case removed
    }

    func settle() {
        let happenings = store.drainHappenings()
        eventHub.publish(happenings.events)
        for (token, follower) in logFollowers {
            guard let container = store.containers.first(where: { $0.id == follower.container }) else {
                endFollower(token)
                continue
            }
            for entry in container.logs.dropFirst(follower.seen) {
                if let line = FakeEngineStore.logLine(entry, follower.options) { follower.continuation.yield(line) }
            }
            logFollowers[token]?.seen = container.logs.count
            if !container.isActive { endFollower(token) }
        }
        for (token, waiter) in exitWaiters {
            let outcome: WaitOutcome
            if let exit = happenings.exits.first(where: { $0.container == waiter.container }) {
                outcome = .exited(exit.code)
            } else if let container = store.containers.first(where: { $0.id == waiter.container }) {
                guard !container.isActive else { continue }
                outcome = .exited(container.exitCode ?? 0)
            } else {
                outcome = .removed
            }
            exitWaiters[token] = nil
            waiter.continuation.resume(returning: outcome)
        }
    }

    private func endFollower(_ token: Int) {
        guard let follower = logFollowers.removeValue(forKey: token) else { return }
        follower.continuation.finish()
        follower.done?.resume()
    }

    // MARK: Logs

    public nonisolated func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LogLine, any Error>.makeStream()
        let task = Task { await self.serveLogs(id, options: options, continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Records the call (when the stream starts), delivers the existing output, then with `follow` keeps
    /// delivering until the container stops or the consumer goes away. A fault after applying ends the
    /// stream with the error once the existing output is delivered (a connection lost mid-stream).
    private func serveLogs(_ id: String, options: LogOptions, _ continuation: AsyncThrowingStream<LogLine, any Error>.Continuation) async {
        let call = Call.containerLogs(id, options: options)
        calls.append(call)
        do {
            try await injectFaults(into: call, at: .beforeApplying)
            let container = store.containers[try store.containerIndex(id)]
            for line in store.logLines(container, options) { continuation.yield(line) }
            try await injectFaults(into: call, at: .afterApplying)
            guard options.follow, container.isActive, !Task.isCancelled else {
                continuation.finish()
                return
            }
            nextStreamToken += 1
            let token = nextStreamToken
            logFollowers[token] = LogFollower(container: container.id, options: options, seen: container.logs.count,
                                              continuation: continuation)
            // Output printed (or an exit) while an injected fault held the call is delivered now.
            settle()
            await withTaskCancellationHandler {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    logFollowers[token]?.done = done
                    if logFollowers[token] == nil { done.resume() }
                }
            } onCancel: {
                Task { await self.endFollower(token) }
            }
        } catch {
            continuation.finish(throwing: error)
        }
    }

    // MARK: Wait

    /// Returns at once for a container that is not running (0 for one never started, as dockerd's
    /// `not-running` condition does), otherwise when it exits. Cancelling the waiting task ends the call
    /// with `.timeout`; removing the container without an exit ends it with `.notFound`.
    public func waitContainer(_ id: String) async throws(EngineError) -> Int {
        let call = Call.waitContainer(id)
        calls.append(call)
        try await injectFaults(into: call, at: .beforeApplying)
        let container = store.containers[try store.containerIndex(id)]
        var code = container.exitCode ?? 0
        if container.isActive {
            nextStreamToken += 1
            let token = nextStreamToken
            let outcome = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<WaitOutcome, Never>) in
                    exitWaiters[token] = ExitWaiter(container: container.id, continuation: continuation)
                }
            } onCancel: {
                Task { await self.cancelWait(token) }
            }
            switch outcome {
            case .exited(let exitCode): code = exitCode
            case .cancelled: throw EngineError(.timeout, "waiting for container \(id) was cancelled")
            case .removed: throw EngineError(.notFound, "No such container: \(id)")
            }
        }
        try await injectFaults(into: call, at: .afterApplying)
        return code
    }

    private func cancelWait(_ token: Int) {
        exitWaiters.removeValue(forKey: token)?.continuation.resume(returning: .cancelled)
    }

    // MARK: Events

    /// Subscribes at once (see `FakeEventHub`); the call is recorded and its faults applied when the stream
    /// starts, and events wait in the subscription until then.
    public nonisolated func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        let hub = eventHub
        let token = hub.subscribe(project: project, since: since, continuation)
        let task = Task { await self.startEvents(token, project: project, since: since) }
        continuation.onTermination = { _ in
            task.cancel()
            hub.unsubscribe(token)
        }
        return stream
    }

    private func startEvents(_ token: Int, project: String, since: Double?) async {
        let call = Call.events(project: project, since: since)
        calls.append(call)
        do {
            try await injectFaults(into: call, at: .beforeApplying)
            eventHub.activate(token)
            try await injectFaults(into: call, at: .afterApplying)
        } catch {
            eventHub.fail(token, with: error)
        }
    }
}
