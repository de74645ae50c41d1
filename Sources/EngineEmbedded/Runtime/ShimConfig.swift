/// What the engine asks of a container's supervisor (`<bundle>/shim.json`). Shared by the shim and the
/// engine (compiled into both), so stdlib only. Durations are milliseconds.
public struct ShimConfig: Sendable, Hashable, Codable {
    public var restart: ShimRestartPolicy
    public var log: ShimLogConfig
    public var health: ShimHealthConfig?
    /// Restart backoff: first delay, cap, and the uptime after which the delay starts over (Docker's values).
    public var backoffInitialMs: Int
    public var backoffMaxMs: Int
    public var backoffResetMs: Int

    public init(restart: ShimRestartPolicy = .no, log: ShimLogConfig = ShimLogConfig(), health: ShimHealthConfig? = nil,
                backoffInitialMs: Int = 100, backoffMaxMs: Int = 60_000, backoffResetMs: Int = 10_000) {
        self.restart = restart
        self.log = log
        self.health = health
        self.backoffInitialMs = backoffInitialMs
        self.backoffMaxMs = backoffMaxMs
        self.backoffResetMs = backoffResetMs
    }

    private enum CodingKeys: String, CodingKey {
        case restart, log, health, backoffInitialMs, backoffMaxMs, backoffResetMs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        restart = try c.decodeIfPresent(ShimRestartPolicy.self, forKey: .restart) ?? .no
        log = try c.decodeIfPresent(ShimLogConfig.self, forKey: .log) ?? ShimLogConfig()
        health = try c.decodeIfPresent(ShimHealthConfig.self, forKey: .health)
        backoffInitialMs = try c.decodeIfPresent(Int.self, forKey: .backoffInitialMs) ?? 100
        backoffMaxMs = try c.decodeIfPresent(Int.self, forKey: .backoffMaxMs) ?? 60_000
        backoffResetMs = try c.decodeIfPresent(Int.self, forKey: .backoffResetMs) ?? 10_000
    }
}

/// Where the container's stdout and stderr go. `json-file` (Docker's format, rotated by size) or `none`.
public struct ShimLogConfig: Sendable, Hashable, Codable {
    public var driver: String
    /// Absolute path of the log; default `<bundle>/ctr.log`.
    public var path: String?
    /// Rotate when the file would grow past this many bytes (compose `max-size`); nil: never.
    public var maxSize: Int64?
    /// Number of files kept, the live one included (compose `max-file`, default 1: the log is truncated).
    public var maxFile: Int?

    public init(driver: String = "json-file", path: String? = nil, maxSize: Int64? = nil, maxFile: Int? = nil) {
        self.driver = driver
        self.path = path
        self.maxSize = maxSize
        self.maxFile = maxFile
    }

    private enum CodingKeys: String, CodingKey {
        case driver, path, maxSize, maxFile
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? "json-file"
        path = try c.decodeIfPresent(String.self, forKey: .path)
        maxSize = try c.decodeIfPresent(Int64.self, forKey: .maxSize)
        maxFile = try c.decodeIfPresent(Int.self, forKey: .maxFile)
    }
}

/// A container health check, with Docker's defaults for what compose left out.
public struct ShimHealthConfig: Sendable, Hashable, Codable {
    /// Docker's form: `["CMD", arg…]` or `["CMD-SHELL", "command"]` (run with `/bin/sh -c`).
    public var test: [String]
    public var intervalMs: Int
    public var timeoutMs: Int
    public var retries: Int
    public var startPeriodMs: Int
    public var startIntervalMs: Int

    public init(test: [String], intervalMs: Int = 30_000, timeoutMs: Int = 30_000, retries: Int = 3,
                startPeriodMs: Int = 0, startIntervalMs: Int = 5_000) {
        self.test = test
        self.intervalMs = intervalMs
        self.timeoutMs = timeoutMs
        self.retries = retries
        self.startPeriodMs = startPeriodMs
        self.startIntervalMs = startIntervalMs
    }

    private enum CodingKeys: String, CodingKey {
        case test, intervalMs, timeoutMs, retries, startPeriodMs, startIntervalMs
    }

    /// Absent or zero durations and retries take Docker's defaults, as compose leaves them out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys, _ fallback: Int) throws -> Int {
            let decoded = try c.decodeIfPresent(Int.self, forKey: key) ?? 0
            return decoded > 0 ? decoded : fallback
        }
        test = try c.decode([String].self, forKey: .test)
        intervalMs = try value(.intervalMs, 30_000)
        timeoutMs = try value(.timeoutMs, 30_000)
        retries = try value(.retries, 3)
        startPeriodMs = try c.decodeIfPresent(Int.self, forKey: .startPeriodMs) ?? 0
        startIntervalMs = try value(.startIntervalMs, 5_000)
    }

    /// The command `runc exec` runs; nil when the test disables the check (`NONE`, empty).
    public var command: [String]? {
        guard let kind = test.first else { return nil }
        switch kind {
        case "CMD": return test.count > 1 ? Array(test.dropFirst()) : nil
        case "CMD-SHELL": return test.count > 1 ? ["/bin/sh", "-c", test.dropFirst().joined(separator: " ")] : nil
        default: return nil
        }
    }
}
