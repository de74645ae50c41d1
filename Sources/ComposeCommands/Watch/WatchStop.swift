import Foundation
import ServiceLifecycle
import Synchronization

/// Why a watch ends, and the service that ends it: the first SIGINT/SIGTERM, or `compose down` of the project
/// seen by a turn. Returning from `run` shuts the watch's service group down gracefully (the turn in flight
/// finishes first); a second signal after that ends the process at once.
final class WatchStop: Service, Sendable {
    enum Reason: Sendable, Equatable {
        case signal(Int32)
        case takenDown
    }

    private let signals: SignalTrap
    private let output: WatchOutput
    private let requests: AsyncStream<Reason>
    private let requester: AsyncStream<Reason>.Continuation
    private let recorded = Mutex<Reason?>(nil)

    init(signals: SignalTrap, output: WatchOutput) {
        self.signals = signals
        self.output = output
        (requests, requester) = AsyncStream.makeStream(of: Reason.self)
    }

    /// The reason the watch ended; nil while it runs, or when the group ended for another reason.
    var reason: Reason? { recorded.withLock { $0 } }

    /// The process's exit status: 128 + the signal, 0 after `down`, 1 otherwise.
    var exitStatus: Int32 {
        switch reason {
        case .signal(let number): SignalTrap.exitStatus(for: number)
        case .takenDown: 0
        case nil: 1
        }
    }

    /// A turn saw `compose down`: end the watch.
    func requestStop(_ reason: Reason) { requester.yield(reason) }

    func run() async throws {
        let signals = signals
        let requester = requester
        let forwarder = Task { if let number = await signals.next() { requester.yield(.signal(number)) } }
        defer { forwarder.cancel() }
        // The group may also end for another reason (a service failed): then this one ends too.
        let first = await cancelWhenGracefulShutdown { [requests] in
            var iterator = requests.makeAsyncIterator()
            return await iterator.next()
        }
        recorded.withLock { $0 = first }
        if case .signal = first {
            output.note("stopping: the turn in flight finishes first")
            Task.detached { if let again = await signals.next() { exit(SignalTrap.exitStatus(for: again)) } }
        }
    }
}
