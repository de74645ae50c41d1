import EngineEmbedded
import Foundation
import ShimJSON
import Testing

@Suite("Shim JSON: strict parser, Foundation-compatible serializer and Codable coders")
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
        let ours = try JSONValueEncoder().encode(texts)
        #expect(ours == Array(try JSONEncoder().encode(texts)))
        #expect(try JSONValue(parsing: ours) == .array(texts.map { .string($0) }))
        #expect(try JSONDecoder().decode([String].self, from: Data(ours)) == texts)
    }

    @Test("the shim's records encode as Foundation's JSONEncoder encodes them (keys sorted)")
    func recordsLikeFoundation() throws {
        try expectSameEncoding(Self.fullConfig)
        try expectSameEncoding(ShimConfig())
        try expectSameEncoding(ShimState(shimPid: 1234, shimStartTime: UInt64.max, status: .restarting, initPid: Int32.max,
                                         restartCount: 3, lastExitCode: -1, startedAt: "2026-12-06T03:00:00.000000001Z"))
        try expectSameEncoding(ShimState(shimPid: 7, shimStartTime: 0))
        try expectSameEncoding(ShimExitRecord(exitCode: 137, finishedAt: "2026-12-06T03:00:00Z", oomKilled: true,
                                              error: "runc start x: \"exec: /bin/true\": no such file\n\tsecond line é"))
        try expectSameEncoding(ShimExitRecord(exitCode: 0, finishedAt: "now"))
        try expectSameEncoding(ShimHealthRecord(status: .unhealthy, failingStreak: 2, log: [
            .init(start: "s", end: "e", exitCode: -1, output: "health check timed out\u{1}/\u{7f}"),
            .init(start: "s2", end: "e2", exitCode: 0, output: ""),
        ]))
    }

    @Test("records written by Foundation decode, and ours decode with Foundation")
    func recordsRoundTrip() throws {
        let config = Self.fullConfig
        #expect(try JSONValueDecoder().decode(ShimConfig.self, from: Array(JSONEncoder().encode(config))) == config)
        #expect(try JSONDecoder().decode(ShimConfig.self, from: Data(JSONValueEncoder().encode(config))) == config)
        let state = ShimState(shimPid: 1, shimStartTime: 18_446_744_073_709_551_615, initPid: nil, lastExitCode: 0)
        #expect(try JSONDecoder().decode(ShimState.self, from: Data(JSONValueEncoder().encode(state))) == state)
        #expect(try JSONValueDecoder().decode(ShimState.self, from: Array(JSONEncoder().encode(state))) == state)
        let defaults = try JSONValueDecoder().decode(ShimConfig.self, from: Array(#"{"health":{"test":["CMD","true"]},"log":{}}"#.utf8))
        #expect(defaults == ShimConfig(health: ShimHealthConfig(test: ["CMD", "true"])))
    }

    @Test("decoding errors are Foundation's kinds")
    func decodingErrors() throws {
        let decoder = JSONValueDecoder()
        func failure<T: Decodable>(_ type: T.Type, _ text: String) -> DecodingError? {
            do {
                _ = try decoder.decode(type, from: Array(text.utf8))
                return nil
            } catch {
                return error as? DecodingError
            }
        }
        guard case .keyNotFound(let key, _) = failure(ShimHealthConfig.self, "{}") else { Issue.record("keyNotFound"); return }
        #expect(key.stringValue == "test")
        guard case .typeMismatch = failure(ShimConfig.self, #"{"backoffMaxMs":"1"}"#) else { Issue.record("typeMismatch"); return }
        guard case .valueNotFound = failure([Int].self, "[1,null]") else { Issue.record("valueNotFound"); return }
        guard case .dataCorrupted = failure([UInt8].self, "[300]") else { Issue.record("dataCorrupted range"); return }
        guard case .dataCorrupted = failure([Int].self, "[1.5]") else { Issue.record("dataCorrupted fraction"); return }
        guard case .dataCorrupted = failure(ShimConfig.self, #"{"restart":"sometimes"}"#) else { Issue.record("policy"); return }
        guard case .dataCorrupted = failure(ShimConfig.self, "{") else { Issue.record("syntax"); return }
        guard case .typeMismatch = failure(ShimConfig.self, "[]") else { Issue.record("not an object"); return }
    }

    @Test("numbers: 64-bit limits, integral fractions as Foundation reads them, floats without a trailing .0")
    func numbers() throws {
        let decoder = JSONValueDecoder()
        let limits = Limits(i64: .min, u64: .max, i32: .min, int: .max, double: 2.0, fraction: 0.1, flag: true, nested: [[1], [], [2, 3]],
                            map: ["b": nil, "a": 1], optional: nil)
        let ours = try JSONValueEncoder().encode(limits)
        #expect(try decoder.decode(Limits.self, from: ours) == limits)
        #expect(try JSONDecoder().decode(Limits.self, from: Data(ours)) == limits)
        try expectSameEncoding(limits)
        #expect(try decoder.decode([Int].self, from: Array("[1.0, 2e2, -0, 1E+1]".utf8)) == [1, 200, 0, 10])
        #expect(try decoder.decode([Double].self, from: Array("[1, 1.5, -2.5e-3]".utf8)) == [1, 1.5, -0.0025])
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Double.infinity) }
    }

    @Test("nested, unkeyed, super and single-value containers round-trip")
    func containers() throws {
        let value = Nested(name: "n", points: [1, 2], flags: [true, false], inner: "x")
        let ours = try JSONValueEncoder().encode(value)
        #expect(String(decoding: ours, as: UTF8.self) == #"{"name":"n","deep":{"points":[1,2],"list":[[true,false],{"inner":"x"}]},"super":"base"}"#)
        #expect(try JSONValueDecoder().decode(Nested.self, from: ours) == value)
        #expect(try JSONDecoder().decode(Nested.self, from: Data(ours)) == value)
        try expectSameEncoding(value)
    }

    @Test("duplicate keys: the first wins, as with Foundation's decoder")
    func duplicateKeys() throws {
        let text = #"{"exitCode":1,"exitCode":2,"finishedAt":"t","oomKilled":false}"#
        let ours = try JSONValueDecoder().decode(ShimExitRecord.self, from: Array(text.utf8))
        #expect(ours == (try JSONDecoder().decode(ShimExitRecord.self, from: Data(text.utf8))))
        #expect(ours.exitCode == 1)
    }

    @Test("runc's json log lines and state.json read as the shim reads them")
    func runcFiles() throws {
        let line = try JSONValue(parsing: #"{"level":"error","msg":"container_linux.go:380: \"no such file\"","time":"2026-12-06T03:00:00Z"}"#)
        #expect(line["level"]?.stringValue == "error")
        #expect(line["msg"]?.stringValue == "container_linux.go:380: \"no such file\"")
        struct RuncState: Decodable {
            var cgroup_paths: [String: String]?
        }
        let state = #"{"id":"c","init_process_pid":12,"config":{"rootfs":"/r","labels":["a=b"]},"cgroup_paths":{"":"/sys/fs/cgroup/x","memory":"/m"}}"#
        let paths = try JSONValueDecoder().decode(RuncState.self, from: Array(state.utf8)).cgroup_paths
        #expect(paths == ["": "/sys/fs/cgroup/x", "memory": "/m"])
    }

    static let fullConfig = ShimConfig(
        restart: .onFailure(maxRetries: 2),
        log: ShimLogConfig(driver: "json-file", path: "/var/lib/x/ctr.log", maxSize: Int64.max, maxFile: 3),
        health: ShimHealthConfig(test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], intervalMs: 100, timeoutMs: 200,
                                 retries: 2, startPeriodMs: 300, startIntervalMs: 50),
        backoffInitialMs: 10, backoffMaxMs: 20, backoffResetMs: 30)

    /// Our text equals Foundation's with sorted keys once our members are sorted too (Foundation's order is arbitrary).
    private func expectSameEncoding(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let foundation = String(decoding: try encoder.encode(value), as: UTF8.self)
        let ours = String(decoding: Self.sorted(try JSONValueEncoder().encodeValue(value)).serialized(), as: UTF8.self)
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

private struct Limits: Codable, Equatable {
    var i64: Int64
    var u64: UInt64
    var i32: Int32
    var int: Int
    var double: Double
    var fraction: Double
    var flag: Bool
    var nested: [[Int]]
    var map: [String: Int?]
    var optional: String?
}

/// Hand-written coding through nested keyed and unkeyed containers and a super encoder.
private struct Nested: Codable, Equatable {
    var name: String
    var points: [Int]
    var flags: [Bool]
    var inner: String

    init(name: String, points: [Int], flags: [Bool], inner: String) {
        self.name = name
        self.points = points
        self.flags = flags
        self.inner = inner
    }

    private enum Keys: String, CodingKey {
        case name, deep, points, list, inner
    }

    func encode(to encoder: any Encoder) throws {
        var top = encoder.container(keyedBy: Keys.self)
        try top.encode(name, forKey: .name)
        var deep = top.nestedContainer(keyedBy: Keys.self, forKey: .deep)
        var points = deep.nestedUnkeyedContainer(forKey: .points)
        for point in self.points { try points.encode(point) }
        var list = deep.nestedUnkeyedContainer(forKey: .list)
        var flags = list.nestedUnkeyedContainer()
        for flag in self.flags { try flags.encode(flag) }
        var last = list.nestedContainer(keyedBy: Keys.self)
        try last.encode(inner, forKey: .inner)
        var base = top.superEncoder().singleValueContainer()
        try base.encode("base")
    }

    init(from decoder: any Decoder) throws {
        let top = try decoder.container(keyedBy: Keys.self)
        name = try top.decode(String.self, forKey: .name)
        let deep = try top.nestedContainer(keyedBy: Keys.self, forKey: .deep)
        var points = try deep.nestedUnkeyedContainer(forKey: .points)
        self.points = []
        while !points.isAtEnd { self.points.append(try points.decode(Int.self)) }
        var list = try deep.nestedUnkeyedContainer(forKey: .list)
        var flags = try list.nestedUnkeyedContainer()
        self.flags = []
        while !flags.isAtEnd { self.flags.append(try flags.decode(Bool.self)) }
        inner = try list.nestedContainer(keyedBy: Keys.self).decode(String.self, forKey: .inner)
        #expect(list.isAtEnd)
        #expect(try top.superDecoder().singleValueContainer().decode(String.self) == "base")
    }
}
