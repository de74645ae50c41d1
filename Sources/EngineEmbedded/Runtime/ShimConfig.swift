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
    /// Run (detached) when the container ends for good on its own, not stopped by the engine: the engine
    /// frees the network namespace, addresses, ports and mount, as Docker does at exit. Empty: nothing.
    public var exitHook: [String]

    public init(restart: ShimRestartPolicy = .no, log: ShimLogConfig = ShimLogConfig(), health: ShimHealthConfig? = nil,
                backoffInitialMs: Int = 100, backoffMaxMs: Int = 60_000, backoffResetMs: Int = 10_000,
                exitHook: [String] = []) {
        self.restart = restart
        self.exitHook = exitHook
        self.log = log
        self.health = health
        self.backoffInitialMs = backoffInitialMs
        self.backoffMaxMs = backoffMaxMs
        self.backoffResetMs = backoffResetMs
    }

    private enum CodingKeys: String, CodingKey {
        case restart, log, health, backoffInitialMs, backoffMaxMs, backoffResetMs, exitHook
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        restart = try c.decodeIfPresent(ShimRestartPolicy.self, forKey: .restart) ?? .no
        log = try c.decodeIfPresent(ShimLogConfig.self, forKey: .log) ?? ShimLogConfig()
        health = try c.decodeIfPresent(ShimHealthConfig.self, forKey: .health)
        backoffInitialMs = try c.decodeIfPresent(Int.self, forKey: .backoffInitialMs) ?? 100
        backoffMaxMs = try c.decodeIfPresent(Int.self, forKey: .backoffMaxMs) ?? 60_000
        backoffResetMs = try c.decodeIfPresent(Int.self, forKey: .backoffResetMs) ?? 10_000
        exitHook = try c.decodeIfPresent([String].self, forKey: .exitHook) ?? []
    }
}
