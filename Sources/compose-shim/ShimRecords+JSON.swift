#if SHIM_RECORDS_TESTS
import EngineEmbedded
#endif
import ShimJSON

// The shim's records to and from JSON values directly, not through Codable: the generic Codable machinery
// alone keeps several hundred KiB of code resident in every supervisor. The JSON is what the shared Codable
// conformances read and write with Foundation (this file is also compiled into
// EngineEmbeddedTests, through a symlink, which checks that).

/// A record that is not what the shim expects.
struct ShimRecordError: Error, CustomStringConvertible {
    var description: String
}

extension ShimConfig {
    /// Reads `shim.json` as the shared `init(from:)` does: absent or null fields take their defaults.
    init(json: JSONValue) throws(ShimRecordError) {
        let fields = try JSONFields(json, "shim config")
        var restart = ShimRestartPolicy.no
        if let text = try fields.string("restart") {
            guard let policy = ShimRestartPolicy(parsing: text) else { throw ShimRecordError(description: "invalid restart policy \"\(text)\"") }
            restart = policy
        }
        var log = ShimLogConfig()
        if let logFields = try fields.object("log") { log = try ShimLogConfig(logFields) }
        var health: ShimHealthConfig?
        if let healthFields = try fields.object("health") { health = try ShimHealthConfig(healthFields) }
        try self.init(restart: restart, log: log, health: health,
                      backoffInitialMs: fields.integer("backoffInitialMs") ?? 100,
                      backoffMaxMs: fields.integer("backoffMaxMs") ?? 60_000,
                      backoffResetMs: fields.integer("backoffResetMs") ?? 10_000,
                      exitHook: fields.strings("exitHook") ?? [])
    }
}

extension ShimLogConfig {
    fileprivate init(_ fields: JSONFields) throws(ShimRecordError) {
        try self.init(driver: fields.string("driver") ?? "json-file", path: fields.string("path"),
                      maxSize: fields.integer("maxSize"), maxFile: fields.integer("maxFile"),
                      syslogAddress: fields.string("syslogAddress"), syslogFacility: fields.integer("syslogFacility"),
                      tag: fields.string("tag"), hostname: fields.string("hostname"))
    }
}

extension ShimHealthConfig {
    /// Absent or zero durations and retries take Docker's defaults, as in the shared `init(from:)`.
    fileprivate init(_ fields: JSONFields) throws(ShimRecordError) {
        func value(_ key: String, _ fallback: Int) throws(ShimRecordError) -> Int {
            let decoded: Int = try fields.integer(key) ?? 0
            return decoded > 0 ? decoded : fallback
        }
        guard let test = try fields.strings("test") else { throw ShimRecordError(description: "health: no test") }
        try self.init(test: test, intervalMs: value("intervalMs", 30_000), timeoutMs: value("timeoutMs", 30_000),
                      retries: value("retries", 3), startPeriodMs: fields.integer("startPeriodMs") ?? 0,
                      startIntervalMs: value("startIntervalMs", 5_000))
    }
}

extension ShimState {
    var json: JSONValue {
        var members = [JSONMember(key: "shimPid", value: .number(String(shimPid))),
                       JSONMember(key: "shimStartTime", value: .number(String(shimStartTime))),
                       JSONMember(key: "status", value: .string(status.rawValue))]
        if let initPid { members.append(JSONMember(key: "initPid", value: .number(String(initPid)))) }
        members.append(JSONMember(key: "restartCount", value: .number(String(restartCount))))
        if let lastExitCode { members.append(JSONMember(key: "lastExitCode", value: .number(String(lastExitCode)))) }
        if let startedAt { members.append(JSONMember(key: "startedAt", value: .string(startedAt))) }
        members.append(JSONMember(key: "version", value: .number(String(version))))
        return .object(members)
    }
}

extension ShimExitRecord {
    var json: JSONValue {
        var members = [JSONMember(key: "exitCode", value: .number(String(exitCode))),
                       JSONMember(key: "finishedAt", value: .string(finishedAt)),
                       JSONMember(key: "oomKilled", value: .bool(oomKilled))]
        if let error { members.append(JSONMember(key: "error", value: .string(error))) }
        return .object(members)
    }
}

extension ShimHealthRecord {
    var json: JSONValue {
        let probes = log.map { probe in
            JSONValue.object([JSONMember(key: "start", value: .string(probe.start)), JSONMember(key: "end", value: .string(probe.end)),
                              JSONMember(key: "exitCode", value: .number(String(probe.exitCode))),
                              JSONMember(key: "output", value: .string(probe.output))])
        }
        return .object([JSONMember(key: "status", value: .string(status.rawValue)),
                        JSONMember(key: "failingStreak", value: .number(String(failingStreak))),
                        JSONMember(key: "log", value: .array(probes))])
    }
}

/// An object's fields, typed; an absent or null field is nil, a field of another type an error.
private struct JSONFields {
    let json: JSONValue
    let name: String

    init(_ json: JSONValue, _ name: String) throws(ShimRecordError) {
        guard case .object = json else { throw ShimRecordError(description: "\(name): not an object") }
        self.json = json
        self.name = name
    }

    private func field(_ key: String) -> JSONValue? {
        guard let value = json[key], value != .null else { return nil }
        return value
    }

    private func wrong(_ key: String, _ expected: String) -> ShimRecordError {
        ShimRecordError(description: "\(name).\(key): not \(expected)")
    }

    func string(_ key: String) throws(ShimRecordError) -> String? {
        guard let value = field(key) else { return nil }
        guard let text = value.stringValue else { throw wrong(key, "a string") }
        return text
    }

    func integer<T: FixedWidthInteger>(_ key: String) throws(ShimRecordError) -> T? {
        guard let value = field(key) else { return nil }
        guard let number = value.integer(as: T.self) else { throw wrong(key, "an integer") }
        return number
    }

    func strings(_ key: String) throws(ShimRecordError) -> [String]? {
        guard let value = field(key) else { return nil }
        guard case .array(let items) = value else { throw wrong(key, "an array of strings") }
        var texts: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw wrong(key, "an array of strings") }
            texts.append(text)
        }
        return texts
    }

    func object(_ key: String) throws(ShimRecordError) -> JSONFields? {
        guard let value = field(key) else { return nil }
        return try JSONFields(value, "\(name).\(key)")
    }
}
