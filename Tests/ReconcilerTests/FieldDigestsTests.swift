import Reconciler
import Testing

@Suite("Field digests label")
struct FieldDigestsTests {
    @Test("label value round-trips, sorted by group")
    func roundTrip() throws {
        let digests = FieldDigests(groups: ["image": "aa", "environment": "bb"], combined: "cc")
        #expect(digests.labelValue == "environment=bb,image=aa")
        let parsed = try #require(FieldDigests(labelValue: digests.labelValue, version: 1, combined: "cc"))
        #expect(parsed == digests)
        #expect(FieldDigests(labelValue: "broken", version: 1, combined: "x") == nil)
    }
}
