import EngineAPI

extension FakeEngine {
    /// When an injected fault strikes: before the call changes anything, or after (the engine did the
    /// work, but the caller never learns it — a connection lost mid-response).
    public enum FaultPoint: Sendable, Hashable {
        case beforeApplying
        case afterApplying
    }

    struct FaultRule: Sendable {
        enum Effect: Sendable {
            case fail(EngineError)
            case hang
        }

        var matches: @Sendable (Call) -> Bool
        var effect: Effect
        var point: FaultPoint
        /// nil: every matching call.
        var remaining: Int?
    }

    enum HangOutcome: Sendable {
        case cancelled
        case released
    }

    /// The next call of `kind` fails with `error`.
    public func failNext(_ kind: Call.Kind, with error: EngineError, at point: FaultPoint = .beforeApplying) {
        faults.append(FaultRule(matches: { $0.kind == kind }, effect: .fail(error), point: point, remaining: 1))
    }

    /// Calls matching `predicate` fail with `error`: the next `times` of them, or all when `times` is nil.
    public func fail(with error: EngineError, times: Int? = nil, at point: FaultPoint = .beforeApplying,
                     when predicate: @escaping @Sendable (Call) -> Bool) {
        faults.append(FaultRule(matches: predicate, effect: .fail(error), point: point, remaining: times))
    }

    /// The next call of `kind` hangs until its task is cancelled (it then throws `.timeout`) or
    /// `releaseHangingCalls()` lets it go on.
    public func hangNext(_ kind: Call.Kind, at point: FaultPoint = .beforeApplying) {
        faults.append(FaultRule(matches: { $0.kind == kind }, effect: .hang, point: point, remaining: 1))
    }

    /// Calls matching `predicate` hang (the next `times` of them, or all when `times` is nil).
    public func hang(times: Int? = nil, at point: FaultPoint = .beforeApplying,
                     when predicate: @escaping @Sendable (Call) -> Bool) {
        faults.append(FaultRule(matches: predicate, effect: .hang, point: point, remaining: times))
    }

    /// Drops every pending fault; calls already hanging keep hanging.
    public func clearFaults() {
        faults.removeAll()
    }

    /// How many calls are hanging right now.
    public var hangingCallCount: Int { hangingCalls.count }

    /// Returns once at least `count` calls are hanging, so a test cancels a call known to be stuck
    /// instead of sleeping and hoping.
    public func waitForHangingCalls(_ count: Int = 1) async {
        if hangingCalls.count >= count { return }
        await withCheckedContinuation { continuation in
            hangWaiters.append((count, continuation))
        }
    }

    /// Lets every hanging call go on as if the engine had only been slow.
    public func releaseHangingCalls() {
        let released = hangingCalls
        hangingCalls.removeAll()
        for continuation in released.values { continuation.resume(returning: .released) }
    }

    func injectFaults(into call: Call, at point: FaultPoint) async throws(EngineError) {
        guard let index = faults.firstIndex(where: { $0.point == point && $0.matches(call) }) else { return }
        let rule = faults[index]
        if let remaining = rule.remaining {
            if remaining <= 1 { faults.remove(at: index) } else { faults[index].remaining = remaining - 1 }
        }
        switch rule.effect {
        case .fail(let error):
            throw error
        case .hang:
            if await hangUntilCancelledOrReleased() == .cancelled {
                throw EngineError(.timeout, "\(call.kind.rawValue) was cancelled while the fake engine hung it")
            }
        }
    }

    private func hangUntilCancelledOrReleased() async -> HangOutcome {
        nextFaultToken += 1
        let token = nextFaultToken
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HangOutcome, Never>) in
                if cancelledHangs.remove(token) != nil || Task.isCancelled {
                    continuation.resume(returning: .cancelled)
                    return
                }
                hangingCalls[token] = continuation
                notifyHangWaiters()
            }
        } onCancel: {
            Task { await self.cancelHang(token) }
        }
    }

    private func cancelHang(_ token: Int) {
        if let continuation = hangingCalls.removeValue(forKey: token) {
            continuation.resume(returning: .cancelled)
        } else {
            // Cancellation raced ahead of the hang being registered; the hang sees this mark and ends at once.
            cancelledHangs.insert(token)
        }
    }

    private func notifyHangWaiters() {
        let count = hangingCalls.count
        let ready = hangWaiters.filter { $0.count <= count }
        hangWaiters.removeAll { $0.count <= count }
        for waiter in ready { waiter.continuation.resume() }
    }
}
