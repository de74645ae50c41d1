import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// Writes json-file lines exactly as compose-shim's ContainerLog does.
struct LogTestWriter {
    let path: String

    static func time(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        let nanos = Int(((seconds - seconds.rounded(.down)) * 1e9).rounded())
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), nanos)
    }

    static func line(_ log: String, _ stream: String = "stdout", at seconds: Double) -> String {
        var escaped = ""
        for scalar in log.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "{\"log\":\"\(escaped)\",\"stream\":\"\(stream)\",\"time\":\"\(time(seconds))\"}\n"
    }

    func append(_ log: String, _ stream: String = "stdout", at seconds: Double = Date().timeIntervalSince1970, to file: String? = nil) {
        let target = file ?? path
        let fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        let bytes = Array(Self.line(log, stream, at: seconds).utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The shim's rotation with max-file > 1: ctr.log.<n-1> → ctr.log.<n> …, ctr.log → ctr.log.1, new ctr.log.
    func rotate(maxFile: Int) {
        unlink("\(path).\(maxFile - 1)")
        var index = maxFile - 1
        while index > 1 {
            rename("\(path).\(index - 1)", "\(path).\(index)")
            index -= 1
        }
        rename(path, "\(path).1")
        close(open(path, O_WRONLY | O_CREAT | O_APPEND, 0o640))
    }
}

final class LogTestFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var state = false
    var value: Bool { lock.withLock { state } }
    func set() { lock.withLock { state = true } }
}

@Suite("Container log reader: Docker json-file semantics, follow through rotation")
struct ContainerLogReaderTests {
    let bundle = NSTemporaryDirectory() + "swc-logs-\(UUID().uuidString.prefix(8))"
    var writer: LogTestWriter { LogTestWriter(path: bundle + "/ctr.log") }

    init() throws {
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: bundle) }

    func read(_ options: LogOptions, isFinished: @escaping @Sendable () -> Bool = { true }) async throws -> [LogLine] {
        var lines: [LogLine] = []
        for try await line in ContainerLogReader.stream(bundle: bundle, options: options, isFinished: isFinished) {
            lines.append(line)
        }
        return lines
    }

    /// Rotated files oldest first: ctr.log.2 holds 1–2, ctr.log.1 holds 3–4, ctr.log holds 5–6.
    func writeRotated() {
        for index in 1...6 {
            let file = index <= 2 ? "\(writer.path).2" : index <= 4 ? "\(writer.path).1" : writer.path
            writer.append("line \(index)\n", index % 2 == 0 ? "stderr" : "stdout", at: 1_700_000_000 + Double(index), to: file)
        }
    }

    @Test("all lines of the rotated files, oldest first, then ctr.log; streams and text without the newline")
    func readsRotatedInOrder() async throws {
        defer { cleanup() }
        writeRotated()
        let lines = try await read(LogOptions())
        #expect(lines.map(\.text) == (1...6).map { "line \($0)" })
        #expect(lines.map(\.stream) == [.stdout, .stderr, .stdout, .stderr, .stdout, .stderr])
        #expect(lines.allSatisfy { $0.timestamp == nil })
    }

    @Test("tail counts lines across files", arguments: [(0, 0), (1, 1), (3, 3), (5, 5), (6, 6), (100, 6)])
    func tailAcrossFiles(tail: Int, expected: Int) async throws {
        defer { cleanup() }
        writeRotated()
        let lines = try await read(LogOptions(tail: tail))
        #expect(lines.map(\.text) == ((7 - expected)..<7).map { "line \($0)" })
    }

    @Test("since and until filter by each line's time; timestamps gives the time as written")
    func sinceUntilTimestamps() async throws {
        defer { cleanup() }
        writeRotated()
        let window = try await read(LogOptions(since: 1_700_000_003, until: 1_700_000_005.5, timestamps: true))
        #expect(window.map(\.text) == ["line 3", "line 4", "line 5"])
        #expect(window.first?.timestamp == "2023-11-14T22:13:23.000000000Z")
        let withTail = try await read(LogOptions(tail: 2, since: 1_700_000_002))
        #expect(withTail.map(\.text) == ["line 5", "line 6"])
        let precise = "2023-11-14T22:13:23.123456789Z"
        #expect(LogTime.seconds(precise).map { abs($0 - 1_700_000_003.123456789) < 1e-6 } == true)
        #expect(LogTime.seconds("2023-11-14T23:13:23+01:00") == 1_700_000_003)
        #expect(LogTime.seconds("garbage") == nil)
    }

    @Test("pieces without a newline are joined per stream; an unterminated last piece still comes out")
    func partialLines() async throws {
        defer { cleanup() }
        let long = String(repeating: "x", count: ContainerLogReaderTests.pieceSize)
        writer.append(long, at: 10)
        writer.append("err\n", "stderr", at: 11)
        writer.append(long, at: 12)
        writer.append("end\n", at: 13)
        writer.append("no newline", at: 14)
        let lines = try await read(LogOptions(timestamps: true))
        #expect(lines.map(\.text) == ["err", long + long + "end", "no newline"])
        #expect(lines[1].timestamp == LogTestWriter.time(10))
        #expect(lines.map(\.stream) == [.stderr, .stdout, .stdout])
        let escaped = try await read(LogOptions(tail: 1))
        #expect(escaped.map(\.text) == ["no newline"])
    }

    static let pieceSize = 16 * 1024

    @Test("a missing log is an empty stream; driver none is unsupported; a custom log path is read")
    func missingAndNone() async throws {
        defer { cleanup() }
        #expect(try await read(LogOptions()).isEmpty)
        try Data(#"{"log":{"driver":"none"}}"#.utf8).write(to: URL(fileURLWithPath: bundle + "/shim.json"))
        let error = await #expect(throws: EngineError.self) { _ = try await read(LogOptions()) }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "configured logging driver does not support reading")
        let custom = bundle + "/elsewhere.log"
        try Data(#"{"log":{"driver":"json-file","path":"\#(custom)"}}"#.utf8).write(to: URL(fileURLWithPath: bundle + "/shim.json"))
        writer.append("here\n", to: custom)
        #expect(try await read(LogOptions()).map(\.text) == ["here"])
    }

    @Test("follow delivers appended lines, follows rotations (even two between polls) and ends when finished")
    func followRotation() async throws {
        defer { cleanup() }
        writer.append("a\n")
        let finished = LogTestFlag()
        let stream = ContainerLogReader.stream(bundle: bundle, options: LogOptions(follow: true), isFinished: { finished.value })
        let collector = Task {
            var lines: [String] = []
            for try await line in stream { lines.append(line.text) }
            return lines
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(90))
            collector.cancel()
        }
        defer { watchdog.cancel() }
        try await Task.sleep(for: .milliseconds(400))
        writer.append("b\n")
        try await Task.sleep(for: .milliseconds(400))
        writer.rotate(maxFile: 3)
        writer.append("c\n")
        try await Task.sleep(for: .milliseconds(400))
        writer.append("d\n")
        writer.rotate(maxFile: 3)
        writer.append("e\n")
        writer.rotate(maxFile: 3)
        writer.append("f piece ")
        writer.append("joined\n")
        try await Task.sleep(for: .milliseconds(400))
        writer.append("last, unterminated")
        finished.set()
        let lines = try await collector.value
        #expect(lines == ["a", "b", "c", "d", "e", "f piece joined", "last, unterminated"])
    }

    @Test("follow with max-file 1 restarts at the top of a truncated log; a log created later is picked up")
    func followTruncationAndLateFile() async throws {
        defer { cleanup() }
        let finished = LogTestFlag()
        let stream = ContainerLogReader.stream(bundle: bundle, options: LogOptions(follow: true, tail: 0), isFinished: { finished.value })
        let collector = Task {
            var lines: [String] = []
            for try await line in stream { lines.append(line.text) }
            return lines
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(90))
            collector.cancel()
        }
        defer { watchdog.cancel() }
        try await Task.sleep(for: .milliseconds(400))
        writer.append("first file, first line\n")
        writer.append("first file, second line\n")
        try await Task.sleep(for: .milliseconds(400))
        truncate(writer.path, 0)
        writer.append("after truncation\n")
        try await Task.sleep(for: .milliseconds(400))
        finished.set()
        let lines = try await collector.value
        #expect(lines == ["first file, first line", "first file, second line", "after truncation"])
    }

    @Test("tail 0 with follow gives only new lines; cancelling the consumer ends the stream promptly")
    func cancellation() async throws {
        defer { cleanup() }
        writer.append("old\n")
        let stream = ContainerLogReader.stream(bundle: bundle, options: LogOptions(follow: true, tail: 0), isFinished: { false })
        let collector = Task {
            var lines: [String] = []
            for try await line in stream { lines.append(line.text) }
            return lines
        }
        try await Task.sleep(for: .milliseconds(300))
        writer.append("new\n")
        try await Task.sleep(for: .milliseconds(500))
        let cancelledAt = ContinuousClock.now
        collector.cancel()
        let lines = try await collector.value
        #expect(lines == ["new"])
        let latency = ContinuousClock.now - cancelledAt
        #expect(latency < .seconds(30))
        print("log reader: follow ended \(latency) after cancellation")
    }

    @Test("a 100,000-line log: read whole and tailed (throughput printed, generous bound)")
    func throughput() async throws {
        defer { cleanup() }
        var text = ""
        for index in 0..<100_000 {
            text += LogTestWriter.line("request \(index) served in 3 ms with status 200 and some more text\n", at: 1_700_000_000 + Double(index) / 1000)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: writer.path))
        let clock = ContinuousClock()
        var count = 0
        let whole = try await clock.measure { count = try await read(LogOptions()).count }
        var tailed: [LogLine] = []
        let tail = try await clock.measure { tailed = try await read(LogOptions(tail: 10)) }
        #expect(count == 100_000)
        #expect(tailed.last?.text.hasPrefix("request 99999 ") == true && tailed.count == 10)
        print("log reader: 100000 lines (\(text.utf8.count) bytes) in \(whole), tail 10 in \(tail)")
        #expect(whole < .seconds(120))
    }

    @Test("the fast entry parser agrees with JSONDecoder; other shapes fall back to it", arguments: [
        #"{"log":"plain\n","stream":"stdout","time":"2026-12-06T02:15:48.123456789Z"}"#,
        #"{"log":"q\" b\\ s\/ t\t r\r \u0001 \u00e9 é ✓\n","stream":"stderr","time":"t"}"#,
        #"{"log":"emoji \ud83d\ude00 end","stream":"stdout","time":"t"}"#,
        #"{"log":"","stream":"stdout","time":"t"}"#,
    ])
    func entryParser(line: String) throws {
        let bytes = Array(line.utf8)
        let fast = try #require(LogEntryParser.parse(bytes))
        let slow = try JSONDecoder().decode(LogEntry.self, from: Data(bytes))
        #expect(fast.log == slow.log && fast.stream == slow.stream && fast.time == slow.time)
    }

    @Test("a lone surrogate escape becomes U+FFFD (JSONDecoder would reject the line)")
    func loneSurrogate() throws {
        let entry = LogEntryParser.parse(Array(#"{"log":"a \ud83d b \udc00","stream":"stdout","time":"t"}"#.utf8))
        #expect(entry?.log == "a \u{FFFD} b \u{FFFD}")
    }

    @Test("lines with attrs or another key order are still read; broken lines are skipped")
    func otherShapes() async throws {
        defer { cleanup() }
        let text = #"{"stream":"stderr","log":"reordered\n","time":"2026-12-06T02:15:48Z"}"# + "\n"
            + #"{"log":"with attrs\n","stream":"stdout","attrs":{"a":"b"},"time":"2026-12-06T02:15:49Z"}"# + "\n"
            + "not json\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: writer.path))
        #expect(LogEntryParser.parse(Array(#"{"log":"x","stream":"stdout","attrs":{},"time":"t"}"#.utf8)) == nil)
        #expect(try await read(LogOptions()).map(\.text) == ["reordered", "with attrs"])
    }

    @Test("tail from the backward scan equals the end of a full read, for every count, with interleaved pieces across files")
    func tailMatchesFullRead() async throws {
        defer { cleanup() }
        var generator = LogTestRandom(seed: 42)
        var time = 1_700_000_000.0
        for file in ["\(writer.path).2", "\(writer.path).1", writer.path] {
            for index in 0..<40 {
                time += 0.001
                let stream = generator.next() % 3 == 0 ? "stderr" : "stdout"
                let piece = "\(stream)-\(index)" + (generator.next() % 4 == 0 ? " piece " : "\n")
                writer.append(piece, stream, at: time, to: file)
            }
        }
        writer.append("unterminated", at: time + 1)
        let full = try await read(LogOptions())
        #expect(full.count > 60)
        let files = try ["\(writer.path).2", "\(writer.path).1", writer.path].compactMap { try LogFileCursor.open($0) }
        let start = try #require(LogTailLocator.start(forLast: 5, in: files))
        #expect(start.file == 2 && start.offset > 0)
        #expect(LogTailLocator.start(forLast: 1000, in: files) == nil)
        for count in 0...(full.count + 2) {
            let tailed = try await read(LogOptions(tail: count))
            #expect(tailed == Array(full.suffix(count)), "tail \(count)")
        }
    }
}

/// A small deterministic generator for reproducible test logs.
struct LogTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
