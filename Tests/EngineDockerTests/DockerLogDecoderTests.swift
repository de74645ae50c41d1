import EngineAPI
@testable import EngineDocker
import Testing

@Suite("Docker log stream decoding")
struct DockerLogDecoderTests {
    static func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let length = UInt32(payload.count)
        return [stream, 0, 0, 0, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)] + payload
    }

    /// Feeds `bytes` cut into chunks of `size` bytes, then finishes.
    static func decode(_ bytes: [UInt8], chunk size: Int, tty: Bool = false, timestamps: Bool = false) -> [LogLine] {
        var decoder = DockerLogDecoder(tty: tty, timestamps: timestamps)
        var lines: [LogLine] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            lines += decoder.feed(bytes[start..<end])
            start = end
        }
        return lines + decoder.finish()
    }

    static let multiplexed = frame(1, "one\ntw") + frame(2, "err 1\n") + frame(1, "o\r\nthree\n") + frame(2, "err 2 unterminated")
    static let expected = [
        LogLine(stream: .stdout, text: "one"), LogLine(stream: .stderr, text: "err 1"), LogLine(stream: .stdout, text: "two"),
        LogLine(stream: .stdout, text: "three"), LogLine(stream: .stderr, text: "err 2 unterminated"),
    ]

    @Test("frames and lines cut at any chunk size give the same lines, each stream keeping its partial line",
          arguments: [1, 2, 3, 7, 8, 9, 13, 1000])
    func chunking(size: Int) {
        #expect(Self.decode(Self.multiplexed, chunk: size) == Self.expected)
    }

    @Test("timestamps are split off the first word", arguments: [1, 5, 64])
    func timestamps(size: Int) {
        let bytes = Self.frame(1, "2026-11-29T12:00:00.000000001Z hello world\n2026-11-29T12:00:01.5Z \n")
            + Self.frame(2, "2026-11-29T12:00:02Z oops")
        #expect(Self.decode(bytes, chunk: size, timestamps: true) == [
            LogLine(stream: .stdout, text: "hello world", timestamp: "2026-11-29T12:00:00.000000001Z"),
            LogLine(stream: .stdout, text: "", timestamp: "2026-11-29T12:00:01.5Z"),
            LogLine(stream: .stderr, text: "oops", timestamp: "2026-11-29T12:00:02Z"),
        ])
    }

    @Test("a TTY body is raw stdout, with carriage returns dropped before newlines", arguments: [1, 4, 100])
    func tty(size: Int) {
        let bytes = Array("line 1\r\nline 2\r\n\u{01}\u{00}partial".utf8)
        #expect(Self.decode(bytes, chunk: size, tty: true) == [
            LogLine(stream: .stdout, text: "line 1"), LogLine(stream: .stdout, text: "line 2"),
            LogLine(stream: .stdout, text: "\u{01}\u{00}partial"),
        ])
    }

    @Test("an empty line stays, and a frame of length zero is harmless")
    func emptyLines() {
        let bytes = Self.frame(1, "\n") + Self.frame(1, "") + Self.frame(1, "a\n")
        #expect(Self.decode(bytes, chunk: 3) == [LogLine(stream: .stdout, text: ""), LogLine(stream: .stdout, text: "a")])
    }

    @Test("a stream-3 frame is the daemon's error")
    func systemError() {
        var decoder = DockerLogDecoder(tty: false, timestamps: false)
        let lines = decoder.feed(Self.frame(1, "ok\n") + Self.frame(3, "error from daemon in stream: log file gone\n"))
        #expect(lines == [LogLine(stream: .stdout, text: "ok")])
        #expect(decoder.failure == "error from daemon in stream: log file gone")
    }

    @Test("logs request: both streams, tail, since and until as seconds.nanoseconds; follow has no deadline")
    func request() {
        let request = DockerEngine.logsRequest("abc", options: LogOptions(follow: true, tail: 5, since: 1_700_000_000.25, until: 1_700_000_100,
                                                                          timestamps: true))
        #expect(request.target(version: "1.41") == "/v1.41/containers/abc/logs?stdout=1&stderr=1&follow=1&timestamps=1&tail=5"
            + "&since=1700000000.250000000&until=1700000100.000000000")
        #expect(request.unbounded)
        let plain = DockerEngine.logsRequest("abc", options: LogOptions())
        #expect(plain.target(version: "1.41") == "/v1.41/containers/abc/logs?stdout=1&stderr=1&follow=0&timestamps=0&tail=all")
        #expect(!plain.unbounded)
    }
}
