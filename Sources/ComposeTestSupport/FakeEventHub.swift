import EngineAPI
import Foundation

/// The fake engine's event log and its subscribers. It sits outside the actor, behind a lock, so that
/// `events(project:since:)` — a synchronous call — subscribes at the moment it is made: an event of a call
/// awaited after it is never missed. A subscription stays pending (buffering) until the actor has recorded
/// the call and passed its faults, so an injected failure or hang applies to the stream too.
final class FakeEventHub: @unchecked Sendable {  // every stored property is guarded by `lock`
    private struct Subscriber {
        var project: String
        var continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation
        var active = false
        var buffer: [EngineEvent]
    }

    private let lock = NSLock()
    private var log: [EngineEvent] = []
    private var subscribers: [Int: Subscriber] = [:]
    private var nextToken = 0

    /// Subscribes to the project's events from now, and with `since` first replays the logged ones at or
    /// after it.
    func subscribe(project: String, since: Double?,
                   _ continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation) -> Int {
        lock.withLock {
            nextToken += 1
            let replay = since.map { since in log.filter { $0.time >= since && Self.belongs($0, to: project) } } ?? []
            subscribers[nextToken] = Subscriber(project: project, continuation: continuation, buffer: replay)
            return nextToken
        }
    }

    /// Starts delivering: buffered events first, then live ones.
    func activate(_ token: Int) {
        let delivery: (AsyncThrowingStream<EngineEvent, any Error>.Continuation, [EngineEvent])? = lock.withLock {
            guard var subscriber = subscribers[token] else { return nil }
            subscriber.active = true
            let buffered = subscriber.buffer
            subscriber.buffer = []
            subscribers[token] = subscriber
            return (subscriber.continuation, buffered)
        }
        // Yields and finishes happen outside the lock: a finishing stream calls back into `unsubscribe`.
        guard let (continuation, events) = delivery else { return }
        for event in events { continuation.yield(event) }
    }

    func fail(_ token: Int, with error: EngineError) {
        let subscriber = lock.withLock { subscribers.removeValue(forKey: token) }
        subscriber?.continuation.finish(throwing: error)
    }

    func unsubscribe(_ token: Int) {
        _ = lock.withLock { subscribers.removeValue(forKey: token) }
    }

    /// Logs the events and hands each to the subscribers of its project. Called by the actor only, so
    /// deliveries keep the order of the events.
    func publish(_ events: [EngineEvent]) {
        guard !events.isEmpty else { return }
        let deliveries: [(AsyncThrowingStream<EngineEvent, any Error>.Continuation, [EngineEvent])] = lock.withLock {
            log += events
            var deliveries: [(AsyncThrowingStream<EngineEvent, any Error>.Continuation, [EngineEvent])] = []
            for (token, var subscriber) in subscribers {
                let mine = events.filter { Self.belongs($0, to: subscriber.project) }
                guard !mine.isEmpty else { continue }
                if subscriber.active {
                    deliveries.append((subscriber.continuation, mine))
                } else {
                    subscriber.buffer += mine
                    subscribers[token] = subscriber
                }
            }
            return deliveries
        }
        for (continuation, events) in deliveries {
            for event in events { continuation.yield(event) }
        }
    }

    private static func belongs(_ event: EngineEvent, to project: String) -> Bool {
        event.labels[OwnershipLabels.project] == project
    }
}
