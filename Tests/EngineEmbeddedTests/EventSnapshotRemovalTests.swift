import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// The polled event stream reports a removal even when the container came and went between two polls (the
/// watcher repairs on that event instead of waiting for its resync).
@Suite("embedded events: removals between polls")
struct EventSnapshotRemovalTests {
    static let labels = [OwnershipLabels.project: "p", OwnershipLabels.service: "web"]

    static func container(_ name: String) -> EventSnapshot.Container {
        EventSnapshot.Container(name: name, labels: labels, created: 1, state: .running, health: .none,
                                startedAt: "2026-01-01T00:00:00Z", finishedAt: nil, restartCount: 0)
    }

    @Test("a container never seen by a poll still gives destroy; a removal the diff shows gives one destroy")
    func removalBetweenPolls() {
        var before = EventSnapshot()
        before.containers["a"] = Self.container("p-web-1")
        var after = EventSnapshot()
        after.lastRemoval = RemovalRecords.Removal(id: "b", labels: Self.labels, time: 10)
        // a is gone (the diff shows it) and b came and went: a destroy for each.
        let events = EventSnapshot.events(from: before, to: after)
        #expect(events.filter { $0.action == .destroy }.map(\.subject).sorted() == ["a", "b"])
        // The same record at the next poll is not reported again.
        #expect(EventSnapshot.events(from: after, to: after).isEmpty)
        // A removal of a container the last poll saw is reported once, by the diff.
        var seen = EventSnapshot()
        seen.containers["c"] = Self.container("p-web-1")
        var gone = EventSnapshot()
        gone.lastRemoval = RemovalRecords.Removal(id: "c", labels: Self.labels, time: 11)
        #expect(EventSnapshot.events(from: seen, to: gone).map(\.subject) == ["c"])
        // A stream opened with `since` replays a recorded removal after that time only.
        #expect(after.replay(since: 5).map(\.action) == [.destroy])
        #expect(after.replay(since: 20).isEmpty)
    }

    @Test("the record is per project, replaced by the next removal, and ignores names that are not file names")
    func records() throws {
        let root = NSTemporaryDirectory() + "swc-removals-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let records = RemovalRecords(stateRoot: root)
        try records.record(id: "x", labels: Self.labels, now: 1)
        try records.record(id: "y", labels: Self.labels, now: 2)
        try records.record(id: "z", labels: [OwnershipLabels.project: "../evil"], now: 3)
        try records.record(id: "w", labels: [:], now: 3)
        #expect(records.last(project: "p")?.id == "y")
        #expect(records.last(project: "other") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/removals") == ["p.json"])
    }
}
