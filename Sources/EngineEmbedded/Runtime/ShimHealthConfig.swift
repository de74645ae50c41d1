// Shared by the shim and the engine (compiled into both), so stdlib only.

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
