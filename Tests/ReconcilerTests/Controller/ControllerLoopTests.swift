import Reconciler
import Synchronization
import Testing

@Suite("Controller: the loop and its triggers")
struct ControllerLoopTests {
    /// The turns a controller ran, with their triggers.
    final class TurnLog: Sendable {
        let turns = Mutex<[Set<Trigger>]>([])
        var count: Int { turns.withLock { $0.count } }
        func append(_ triggers: Set<Trigger>) { turns.withLock { $0.append(triggers) } }
        var all: [Set<Trigger>] { turns.withLock { $0 } }
    }

    private func waitFor(_ condition: () -> Bool) async {
        let clock = ContinuousClock()
        // Generous: on a loaded 2-core machine other suites' blocking waits can starve the concurrency pool for long.
        let deadline = clock.now + .seconds(120)
        while !condition() && clock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("a burst of marks is one turn; the first turn is the start")
    func burst() async {
        let queue = TriggerQueue()
        let log = TurnLog()
        let controller = Controller(triggers: queue, resync: .seconds(600), debounce: .milliseconds(100))
        let loop = Task { await controller.run { _, triggers in log.append(triggers); return Controller.TurnResult() } }
        await waitFor { log.count == 1 }
        for _ in 0..<20 { queue.mark(.engineEvent) }
        queue.mark(.projectFiles)
        await waitFor { log.count == 2 }
        try? await Task.sleep(for: .milliseconds(300))
        loop.cancel()
        await loop.value
        #expect(log.all == [[.start], [.engineEvent, .projectFiles]])
    }

    @Test("a turn asking to be requeued runs again without any mark; the resync runs when nothing happens")
    func requeueAndResync() async {
        let queue = TriggerQueue()
        let log = TurnLog()
        let controller = Controller(triggers: queue, resync: .milliseconds(300), debounce: .milliseconds(10))
        let loop = Task {
            await controller.run { number, triggers in
                log.append(triggers)
                return Controller.TurnResult(requeueAfter: number == 1 ? .milliseconds(50) : nil)
            }
        }
        await waitFor { log.count >= 3 }
        loop.cancel()
        await loop.value
        #expect(Array(log.all.prefix(3)) == [[.start], [.requeue], [.resync]])
    }

    @Test("cancelling the loop lets the turn in flight finish")
    func gracefulStop() async {
        let queue = TriggerQueue()
        let finished = Mutex(false)
        let started = Mutex(false)
        let controller = Controller(triggers: queue, resync: .seconds(600))
        let loop = Task {
            await controller.run { _, _ in
                started.withLock { $0 = true }
                try? await Task.sleep(for: .milliseconds(300))
                finished.withLock { $0 = !Task.isCancelled }
                return Controller.TurnResult()
            }
        }
        await waitFor { started.withLock { $0 } }
        loop.cancel()
        await loop.value
        #expect(finished.withLock { $0 })
    }
}
