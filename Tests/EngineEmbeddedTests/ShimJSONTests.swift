import EngineEmbedded
import Foundation
import ShimJSON
import Testing

@Suite("Shim JSON: strict parser, Foundation-compatible serializer, the shim's record conversions")
struct ShimJSONTests {
    @Test("valid documents parse, members in order, numbers as written")
    func parsesDocuments() throws {
        let json = try JSONValue(parsing: " {\"b\" : [1, -0.5e+3, 0, true, false, null, \"\"],\n\t\"a\":{}, \"c\":[]}\r\n")
        #expect(json == .object([
            JSONMember(key: "b", value: .array([.number("1"), .number("-0.5e+3"), .number("0"), .bool(true), .bool(false),
                                                .null, .string("")])),
            JSONMember(key: "a", value: .object([])),
            JSONMember(key: "c", value: .array([])),
        ]))
        #expect(try JSONValue(parsing: "42") == .number("42"))
        #expect(try JSONValue(parsing: "\"x\"") == .string("x"))
    }

    @Test("string escapes decode, surrogate pairs included; UTF-8 passes through")
    func parsesEscapes() throws {
        let json = try JSONValue(parsing: #""\"\\\/\b\f\n\r\t\u0000\u00e9\u20AC\ud83d\ude00 é😀""#)
        #expect(json == .string("\"\\/\u{8}\u{c}\n\r\t\u{0}é€😀 é😀"))
    }

    @Test("invalid JSON is refused", arguments: [
        "", " ", "[1,]", "{\"a\":1,}", "[1 2]", "01", "1.", ".5", "-", "+1", "1e", "0x10", "tru", "nul", "'a'",
        "{a:1}", "{\"a\" 1}", "[1]]", "1 2", "// c\n1", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"abc", "[", "{\"a\":", "NaN", "Infinity",
    ])
    func refusesInvalid(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test("invalid UTF-8 and deep nesting are refused")
    func refusesBytes() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 600) + String(repeating: "]", count: 600)) }
        #expect((try? JSONValue(parsing: String(repeating: "[", count: 100) + String(repeating: "]", count: 100))) != nil)
    }

    @Test("strings are escaped byte for byte as Foundation's JSONEncoder escapes them")
    func escapesLikeFoundation() throws {
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let texts = [everyASCII, "é€😀\u{2028}\u{FEFF}", "a/b \"q\" \\", ""]
        let ours = JSONValue.array(texts.map { .string($0) }).serialized()
        #expect(ours == Array(try JSONEncoder().encode(texts)))
        #expect(try JSONValue(parsing: ours) == .array(texts.map { .string($0) }))
        #expect(try JSONDecoder().decode([String].self, from: Data(ours)) == texts)
    }

    @Test("the shim's records serialize as Foundation's JSONEncoder encodes them (keys sorted)")
    func recordsLikeFoundation() throws {
        try expectSame(ShimState(shimPid: 1234, shimStartTime: UInt64.max, status: .restarting, initPid: Int32.max,
                                 restartCount: 3, lastExitCode: -1, startedAt: "2026-12-06T03:00:00.000000001Z"), \.json)
        try expectSame(ShimState(shimPid: 7, shimStartTime: 0), \.json)
        try expectSame(ShimExitRecord(exitCode: 137, finishedAt: "2026-12-06T03:00:00Z", oomKilled: true,
                                      error: "runc start x: \"exec: /bin/true\": no such file\n\tsecond line é"), \.json)
        try expectSame(ShimExitRecord(exitCode: 0, finishedAt: "now"), \.json)
        try expectSame(ShimHealthRecord(status: .unhealthy, failingStreak: 2, log: [
            .init(start: "s", end: "e", exitCode: -1, output: "health check timed out\u{1}/\u{7f}"),
            .init(start: "s2", end: "e2", exitCode: 0, output: ""),
        ]), \.json)
        try expectSame(ShimHealthRecord(), \.json)
        let state = ShimState(shimPid: 1, shimStartTime: 18_446_744_073_709_551_615, initPid: nil, lastExitCode: 0)
        #expect(try JSONDecoder().decode(ShimState.self, from: Data(state.json.serialized())) == state)
    }

    @Test("shim.json reads as the shared Codable init reads it with Foundation", arguments: [
        #"{}"#, #"{"health":{"test":["CMD","true"]},"log":{}}"#, #"{"restart":null,"log":null,"health":null,"backoffMaxMs":null}"#,
        #"{"restart":"on-failure:3","log":{"driver":"none","path":"/x/ctr.log","maxSize":1e3,"maxFile":2.0},"extra":[1,{"a":null}]}"#,
        #"{"health":{"test":["CMD-SHELL","exit 0"],"intervalMs":0,"timeoutMs":-5,"retries":0,"startPeriodMs":7,"startIntervalMs":0}}"#,
        #"{"restart":"always","backoffInitialMs":1,"backoffMaxMs":2,"backoffResetMs":3,"backoffResetMs":4}"#,
    ])
    func configLikeFoundation(text: String) throws {
        let foundation = try JSONDecoder().decode(ShimConfig.self, from: Data(text.utf8))
        #expect(try ShimConfig(json: JSONValue(parsing: text)) == foundation)
    }

    @Test("a shim.json Foundation refuses is refused", arguments: [
        #"[]"#, #"{"restart":"sometimes"}"#, #"{"restart":1}"#, #"{"backoffMaxMs":"1"}"#, #"{"backoffMaxMs":1.5}"#,
        #"{"log":{"maxSize":true}}"#, #"{"log":[]}"#, #"{"health":{}}"#, #"{"health":{"test":["CMD",1]}}"#,
        #"{"health":{"test":"CMD"}}"#, #"{"log":{"maxFile":99999999999999999999}}"#,
    ])
    func configRefused(text: String) throws {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ShimConfig.self, from: Data(text.utf8)) }
        #expect(throws: ShimRecordError.self) { try ShimConfig(json: JSONValue(parsing: text)) }
    }

    @Test("a config written by Foundation reads back whole")
    func configRoundTrip() throws {
        for config in [Self.fullConfig, ShimConfig()] {
            #expect(try ShimConfig(json: JSONValue(parsing: Array(JSONEncoder().encode(config)))) == config)
        }
    }

    @Test("integers: 64-bit limits, integral fractions as Foundation reads them, nothing that does not fit")
    func integers() throws {
        #expect(JSONValue.number("18446744073709551615").integer(as: UInt64.self) == .max)
        #expect(JSONValue.number("-9223372036854775808").integer(as: Int64.self) == .min)
        #expect(JSONValue.number("1.0").integer(as: Int.self) == 1)
        #expect(JSONValue.number("2e2").integer(as: Int.self) == 200)
        #expect(JSONValue.number("-0").integer(as: Int.self) == 0)
        #expect(JSONValue.number("1.5").integer(as: Int.self) == nil)
        #expect(JSONValue.number("300").integer(as: UInt8.self) == nil)
        #expect(JSONValue.number("-1").integer(as: UInt64.self) == nil)
        #expect(JSONValue.string("1").integer(as: Int.self) == nil)
    }

    @Test("duplicate keys: the first wins, as with Foundation's decoder")
    func duplicateKeys() throws {
        let json = try JSONValue(parsing: #"{"a":1,"a":2}"#)
        #expect(json["a"] == .number("1"))
        #expect(try JSONDecoder().decode([String: Int].self, from: Data(#"{"a":1,"a":2}"#.utf8)) == ["a": 1])
    }

    @Test("runc's json log lines and state.json read as the shim reads them")
    func runcFiles() throws {
        let line = try JSONValue(parsing: #"{"level":"error","msg":"container_linux.go:380: \"no such file\"","time":"2026-12-06T03:00:00Z"}"#)
        #expect(line["level"]?.stringValue == "error")
        #expect(line["msg"]?.stringValue == "container_linux.go:380: \"no such file\"")
        let state = try JSONValue(parsing: #"{"id":"c","init_process_pid":12,"config":{"rootfs":"/r","labels":["a=b"]},"cgroup_paths":{"":"/sys/fs/cgroup/x","memory":"/m"}}"#)
        #expect(state["cgroup_paths"]?[""]?.stringValue == "/sys/fs/cgroup/x")
        #expect(state["cgroup_paths"]?["memory"]?.stringValue == "/m")
        #expect(state["missing"] == nil)
        #expect(JSONValue.array([])["x"] == nil)
    }

    static let fullConfig = ShimConfig(
        restart: .onFailure(maxRetries: 2),
        log: ShimLogConfig(driver: "json-file", path: "/var/lib/x/ctr.log", maxSize: Int64.max, maxFile: 3),
        health: ShimHealthConfig(test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], intervalMs: 100, timeoutMs: 200,
                                 retries: 2, startPeriodMs: 300, startIntervalMs: 50),
        backoffInitialMs: 10, backoffMaxMs: 20, backoffResetMs: 30,
        exitHook: ["/usr/local/bin/compose", "engine", "release", "--state-dir", "/var/lib/x", "abc"])

    /// Our text equals Foundation's with sorted keys once our members are sorted too (Foundation's order is arbitrary).
    private func expectSame<T: Encodable>(_ value: T, _ json: (T) -> JSONValue,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let foundation = String(decoding: try encoder.encode(value), as: UTF8.self)
        let ours = String(decoding: Self.sorted(json(value)).serialized(), as: UTF8.self)
        #expect(ours == foundation, sourceLocation: sourceLocation)
    }

    private static func sorted(_ json: JSONValue) -> JSONValue {
        switch json {
        case .array(let items): return .array(items.map(sorted))
        case .object(let members):
            return .object(members.map { JSONMember(key: $0.key, value: sorted($0.value)) }.sorted { $0.key < $1.key })
        default: return json
        }
    }
}
