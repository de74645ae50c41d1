import EngineAPI
@testable import EngineEmbedded
import Testing

/// Replayed events keep a run's order even when its exit time reads as earlier than its start time (the
/// supervisor records the exit, the starting process the start: a run that ends at once can race them).
@Suite("embedded events: replay order")
struct EventSnapshotReplayTests {
    @Test("a run whose exit is stamped before its start replays create, start, die in that order")
    func exitStampedFirst() {
        var snapshot = EventSnapshot()
        snapshot.containers["c"] = EventSnapshot.Container(
            name: "p-job-1", labels: [OwnershipLabels.project: "p"], created: 100, state: .exited, health: .none,
            startedAt: "2026-01-01T00:01:40.500000000Z", finishedAt: "2026-01-01T00:01:40.400000000Z", restartCount: 0)
        let events = snapshot.replay(since: 0)
        #expect(events.map(\.action) == [.create, .start, .die])
        #expect(events.map(\.time) == events.map(\.time).sorted())
    }
}
