/// The watch-mode loop: level-triggered, one turn at a time. A turn runs whenever the project is dirty
/// (something marked the trigger queue), when the previous turn asked to be requeued (a backoff expires),
/// and at least every `resync`. Marks that arrive while a turn runs, or within `debounce` of the first one,
/// collapse into the next turn. Cancelling the task that runs `run` lets the turn in flight finish.
public struct Controller: Sendable {
    /// What a turn asks of the loop.
    public struct TurnResult: Sendable, Hashable {
        /// Run again after this long even if nothing is marked (a held-back repair becomes possible).
        public var requeueAfter: Duration?

        public init(requeueAfter: Duration? = nil) {
            self.requeueAfter = requeueAfter
        }
    }

    public typealias Turn = @Sendable (_ number: Int, _ triggers: Set<Trigger>) async -> TurnResult

    public var resync: Duration
    public var debounce: Duration
    public let triggers: TriggerQueue

    public init(triggers: TriggerQueue, resync: Duration = .seconds(30), debounce: Duration = .milliseconds(200)) {
        self.triggers = triggers
        self.resync = resync
        self.debounce = debounce
    }

    /// Runs turns until the calling task is cancelled; returns after the turn in flight has finished.
    public func run(_ turn: @escaping Turn) async {
        triggers.mark(.start)
        var requeue: Duration?
        var number = 0
        while !Task.isCancelled {
            let wait = requeue.map { min($0, resync) } ?? resync
            var fired = await triggers.next(timeout: wait)
            if Task.isCancelled { return }
            if fired.isEmpty {
                fired = requeue != nil && wait < resync ? [.requeue] : [.resync]
            } else if !fired.contains(.start) {
                // A burst (`docker rm -f` sends kill, die, destroy; an editor writes twice) is one turn.
                try? await Task.sleep(for: debounce)
                if Task.isCancelled { return }
                fired.formUnion(triggers.take())
            }
            number += 1
            let current = number
            let triggerSet = fired
            // An unstructured task does not inherit cancellation: a signal never cuts a turn in half.
            let result = await Task { await turn(current, triggerSet) }.value
            requeue = result.requeueAfter
        }
    }
}
