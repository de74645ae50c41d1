import Reconciler
import Testing

@Suite("Controller: per-resource restart backoff")
struct RestartBackoffTests {
    @Test("the first repair runs at once, the next ones wait twice as long each time, up to the cap")
    func grows() {
        var backoff = RestartBackoff(initial: 1, cap: 8, resetAfter: 100)
        #expect(backoff.readyAt("service:web:1", now: 0) == nil)
        var now = 0.0
        var waits: [Double] = []
        for _ in 0..<6 {
            backoff.recordAttempt("service:web:1", now: now)
            let ready = backoff.readyAt("service:web:1", now: now) ?? now
            waits.append(ready - now)
            now = ready
        }
        #expect(waits == [1, 2, 4, 8, 8, 8])
    }

    @Test("resources back off independently")
    func independent() {
        var backoff = RestartBackoff(initial: 1, cap: 60, resetAfter: 100)
        backoff.recordAttempt("service:web:1", now: 10)
        #expect(backoff.readyAt("service:web:1", now: 10.5) == 11)
        #expect(backoff.readyAt("service:db:1", now: 10.5) == nil)
    }

    @Test("a resource left alone for resetAfter starts again from nothing")
    func resets() {
        var backoff = RestartBackoff(initial: 1, cap: 60, resetAfter: 30)
        for time in [0.0, 1, 3, 7] { backoff.recordAttempt("k", now: time) }
        #expect(backoff.currentDelay("k") == 8)
        #expect(backoff.readyAt("k", now: 40) == nil)
        backoff.recordAttempt("k", now: 40)
        #expect(backoff.currentDelay("k") == 1)
    }

    @Test("an edit forgets every resource")
    func resetAll() {
        var backoff = RestartBackoff()
        backoff.recordAttempt("a", now: 0)
        backoff.resetAll()
        #expect(backoff.readyAt("a", now: 0) == nil)
    }
}
