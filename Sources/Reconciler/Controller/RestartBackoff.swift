/// Per-resource exponential backoff of the controller's repairs, so a crash loop never becomes a restart
/// storm: the first repair of a resource runs at once, each further one waits twice as long as the last
/// (up to `cap`), and a resource left alone for `resetAfter` starts again from nothing. Times are seconds
/// of a monotonic clock, passed in, so the policy is a pure value.
public struct RestartBackoff: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// When the last repair ran.
        public var lastAttempt: Double
        /// How long after `lastAttempt` the next one may run.
        public var delay: Double
    }

    public var initial: Double
    public var cap: Double
    public var resetAfter: Double
    public private(set) var entries: [String: Entry] = [:]

    public init(initial: Double = 1, cap: Double = 60, resetAfter: Double = 120) {
        self.initial = initial
        self.cap = max(initial, cap)
        self.resetAfter = resetAfter
    }

    /// When the next repair of `key` may run; nil when it may run now.
    public func readyAt(_ key: String, now: Double) -> Double? {
        guard let entry = entries[key], now - entry.lastAttempt < resetAfter else { return nil }
        let ready = entry.lastAttempt + entry.delay
        return ready > now ? ready : nil
    }

    /// Records a repair of `key` at `now`; the one after it waits for the grown delay.
    public mutating func recordAttempt(_ key: String, now: Double) {
        if let entry = entries[key], now - entry.lastAttempt < resetAfter {
            entries[key] = Entry(lastAttempt: now, delay: min(cap, entry.delay * 2))
        } else {
            entries[key] = Entry(lastAttempt: now, delay: initial)
        }
    }

    /// The delay the next repair of `key` waits for, after its last one (0 when none is recorded).
    public func currentDelay(_ key: String) -> Double { entries[key]?.delay ?? 0 }

    /// Forgets every resource (an edit of the project: what failed before may work now).
    public mutating func resetAll() { entries = [:] }
}
