import ComposeModel
import Testing

@Suite("ComposeDuration")
struct ComposeDurationTests {
    @Test("formats like Go's Duration.String()", arguments: [
        (Int64(0), "0s"),
        (1, "1ns"),
        (1_500, "1.5µs"),
        (100_000_000, "100ms"),
        (1_500_000_000, "1.5s"),
        (20_000_000_000, "20s"),
        (90_000_000_000, "1m30s"),
        (120_000_000_000, "2m0s"),
        (3_600_000_000_000, "1h0m0s"),
        (86_400_000_000_000, "24h0m0s"),
        (3_723_000_000_001, "1h2m3.000000001s"),
        (-1_500_000_000, "-1.5s"),
    ])
    func formats(nanoseconds: Int64, text: String) {
        #expect(ComposeDuration(nanoseconds: nanoseconds).description == text)
    }

    @Test("parses Go syntax plus days and weeks", arguments: [
        ("0", Int64(0)),
        ("10s", 10_000_000_000),
        ("1m30s", 90_000_000_000),
        ("1.5s", 1_500_000_000),
        ("100ms", 100_000_000),
        ("3us", 3_000),
        ("3µs", 3_000),
        ("2h45m", 9_900_000_000_000),
        ("2d", 172_800_000_000_000),
        ("1w", 604_800_000_000_000),
        ("-5s", -5_000_000_000),
        (".5s", 500_000_000),
    ])
    func parses(text: String, nanoseconds: Int64) {
        #expect(ComposeDuration(parsing: text)?.nanoseconds == nanoseconds)
    }

    @Test("rejects text that is not a duration", arguments: ["", "10", "s", "1x", "1.s.", "abc", "99999999999h"])
    func rejects(text: String) {
        #expect(ComposeDuration(parsing: text) == nil)
    }
}

@Suite("ComposeByteSize")
struct ComposeByteSizeTests {
    @Test("parses plain numbers and binary units", arguments: [
        ("1073741824", Int64(1_073_741_824)),
        ("0", 0),
        ("512", 512),
        ("1k", 1_024),
        ("1kb", 1_024),
        ("64M", 67_108_864),
        ("1g", 1_073_741_824),
        ("1GiB", 1_073_741_824),
        ("1.5g", 1_610_612_736),
        ("20 m", 20_971_520),
        ("2b", 2),
    ])
    func parses(text: String, bytes: Int64) {
        #expect(ComposeByteSize(parsing: text)?.bytes == bytes)
    }

    @Test("rejects text that is not a size", arguments: ["", "g", "1x", "-1", "1.g", "1gg", "lots"])
    func rejects(text: String) {
        #expect(ComposeByteSize(parsing: text) == nil)
    }

    @Test("prints the decimal form")
    func prints() {
        #expect(ComposeByteSize(bytes: 67_108_864).description == "67108864")
    }
}
