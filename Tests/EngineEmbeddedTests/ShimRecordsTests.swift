import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

@Suite("Shim records: config, restart policy, health, exit")
struct ShimRecordsTests {
    @Test("restart policies parse from compose's spelling and encode back to it", arguments: [
        ("no", ShimRestartPolicy.no), ("", .no), ("always", .always), ("unless-stopped", .unlessStopped),
        ("on-failure", .onFailure(maxRetries: 0)), ("on-failure:3", .onFailure(maxRetries: 3)),
    ])
    func restartParsing(text: String, policy: ShimRestartPolicy) throws {
        #expect(ShimRestartPolicy(parsing: text) == policy)
        let encoded = try JSONEncoder().encode([policy])
        #expect(try JSONDecoder().decode([ShimRestartPolicy].self, from: encoded) == [policy])
    }

    @Test("invalid restart policies are refused", arguments: ["sometimes", "on-failure:x", "on-failure:-1"])
    func restartInvalid(text: String) {
        #expect(ShimRestartPolicy(parsing: text) == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ShimConfig.self, from: Data("{\"restart\":\"\(text)\"}".utf8))
        }
    }

    @Test("restart decisions follow Docker: on-failure counts retries, always ignores the code")
    func restartDecisions() {
        #expect(ShimRestartPolicy.no.restarts(exitCode: 1, restarts: 0) == false)
        #expect(ShimRestartPolicy.always.restarts(exitCode: 0, restarts: 100) == true)
        #expect(ShimRestartPolicy.unlessStopped.restarts(exitCode: 0, restarts: 0) == true)
        #expect(ShimRestartPolicy.onFailure(maxRetries: 2).restarts(exitCode: 0, restarts: 0) == false)
        #expect(ShimRestartPolicy.onFailure(maxRetries: 2).restarts(exitCode: 3, restarts: 1) == true)
        #expect(ShimRestartPolicy.onFailure(maxRetries: 2).restarts(exitCode: 3, restarts: 2) == false)
        #expect(ShimRestartPolicy.onFailure(maxRetries: 0).restarts(exitCode: 137, restarts: 50) == true)
    }

    @Test("an almost empty config takes Docker's defaults")
    func configDefaults() throws {
        let config = try JSONDecoder().decode(ShimConfig.self, from: Data(#"{"health":{"test":["CMD","true"]},"log":{}}"#.utf8))
        #expect(config == ShimConfig(health: ShimHealthConfig(test: ["CMD", "true"])))
        #expect(config.restart == .no)
        #expect(config.log.driver == "json-file")
        #expect(config.health?.intervalMs == 30_000)
        #expect(config.health?.timeoutMs == 30_000)
        #expect(config.health?.retries == 3)
        #expect(config.health?.startIntervalMs == 5_000)
        #expect(config.backoffInitialMs == 100)
        #expect(config.backoffMaxMs == 60_000)
        #expect(config.backoffResetMs == 10_000)
    }

    @Test("a config survives encoding")
    func configRoundTrip() throws {
        let config = ShimConfig(restart: .onFailure(maxRetries: 2),
                                log: ShimLogConfig(driver: "json-file", path: "/x/ctr.log", maxSize: 1024, maxFile: 3),
                                health: ShimHealthConfig(test: ["CMD-SHELL", "true"], intervalMs: 100, timeoutMs: 200, retries: 2,
                                                         startPeriodMs: 300, startIntervalMs: 50),
                                backoffInitialMs: 10, backoffMaxMs: 20, backoffResetMs: 30, exitHook: ["/bin/true", "x"])
        #expect(try JSONDecoder().decode(ShimConfig.self, from: JSONEncoder().encode(config)) == config)
    }

    @Test("health tests become runc exec commands; NONE and empty disable the check")
    func healthCommands() {
        #expect(ShimHealthConfig(test: ["CMD", "/bin/check", "-q"]).command == ["/bin/check", "-q"])
        #expect(ShimHealthConfig(test: ["CMD-SHELL", "curl -f localhost || exit 1"]).command
            == ["/bin/sh", "-c", "curl -f localhost || exit 1"])
        #expect(ShimHealthConfig(test: ["NONE"]).command == nil)
        #expect(ShimHealthConfig(test: []).command == nil)
        #expect(ShimHealthConfig(test: ["CMD"]).command == nil)
    }

    @Test("exit and health records read back from a bundle; a missing file is nil")
    func readRecords() throws {
        let bundle = NSTemporaryDirectory() + "swift-compose-shimrec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        #expect(try ShimFiles.read(ShimExitRecord.self, ShimFiles.exit, bundle: bundle) == nil)
        try Data(#"{"exitCode":7,"finishedAt":"2026-11-29T08:21:02.446635034Z","oomKilled":false}"#.utf8)
            .write(to: URL(fileURLWithPath: bundle + "/exit.json"))
        #expect(try ShimFiles.read(ShimExitRecord.self, ShimFiles.exit, bundle: bundle)
            == ShimExitRecord(exitCode: 7, finishedAt: "2026-11-29T08:21:02.446635034Z"))
        try Data("{".utf8).write(to: URL(fileURLWithPath: bundle + "/health.json"))
        #expect(throws: EngineError.self) { try ShimFiles.read(ShimHealthRecord.self, ShimFiles.health, bundle: bundle) }
    }

    @Test("a shim state names a live process only when pid and start time match")
    func liveness() throws {
        let me = getpid()
        let start = try #require(ShimState.processStartTime(me))
        #expect(ShimState(shimPid: me, shimStartTime: start).shimIsAlive)
        #expect(!ShimState(shimPid: me, shimStartTime: start + 1).shimIsAlive)
    }
}
