@testable import ComposeCommands
import Testing

@Suite("logs --since/--until values")
struct LogTimeTests {
    static let now = 1_700_000_000.0

    @Test("RFC 3339 times, dates, Unix timestamps and durations back from now", arguments: [
        ("2023-11-14T22:13:20Z", 1_700_000_000.0),
        ("2023-11-14T23:13:20+01:00", 1_700_000_000.0),
        ("2023-11-14", 1_699_920_000.0),
        ("1700000000.5", 1_700_000_000.5),
        ("42m", 1_700_000_000.0 - 2520),
        ("1h30m", 1_700_000_000.0 - 5400),
        ("10s", 1_699_999_990.0),
        ("500ms", 1_699_999_999.5),
    ])
    func parses(text: String, expected: Double) {
        #expect(LogTime.parse(text, now: Self.now) == expected)
    }

    @Test("nonsense is refused", arguments: ["yesterday", "10x", "m", "2023-13-45"])
    func refuses(text: String) {
        #expect(LogTime.parse(text, now: Self.now) == nil)
    }
}
