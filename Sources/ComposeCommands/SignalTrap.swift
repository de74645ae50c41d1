import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM, delivered to whoever awaits `next()` instead of killing the process mid-operation:
/// `up` turns the first into a graceful stop and the second into a kill; a reconciling run finishes its
/// in-flight engine calls. Until someone awaits a signal, one ends the process at once (nothing was changed
/// yet); afterwards signals nobody awaits right now are kept for the next `next()`.
final class SignalTrap: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Int32?, Never>?
        var pending: [Int32] = []
        var armed = false
    }

    private let state = Mutex(State())
    private let sources: SourceBox

    /// Dispatch sources are not Sendable; they are created once here and only cancelled in deinit.
    private final class SourceBox: @unchecked Sendable {
        var sources: [any DispatchSourceSignal] = []
    }

    init(_ numbers: [Int32] = [SIGINT, SIGTERM]) {
        sources = SourceBox()
        for number in numbers {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
            sources.sources.append(source)
        }
    }

    deinit {
        for source in sources.sources { source.cancel() }
    }

    /// The next signal; nil when the calling task is cancelled.
    func next() async -> Int32? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                let immediate: Int32?? = state.withLock { state in
                    state.armed = true
                    if !state.pending.isEmpty { return .some(state.pending.removeFirst()) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    private func deliver(_ number: Int32) {
        let (waiter, exitNow) = state.withLock { state -> (CheckedContinuation<Int32?, Never>?, Bool) in
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            if state.armed {
                state.pending.append(number)
                return (nil, false)
            }
            return (nil, true)
        }
        if exitNow { exit(Self.exitStatus(for: number)) }
        waiter?.resume(returning: number)
    }

    /// The conventional exit status of a process ended by `signal` (130 for SIGINT, 143 for SIGTERM).
    static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }
}
