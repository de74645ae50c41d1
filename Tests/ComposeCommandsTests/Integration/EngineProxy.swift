import Foundation

/// scripts/engine-proxy.py in front of the test dockerd: counts the requests a run makes, and can SIGKILL
/// the client at its Nth mutating request (before forwarding it, or just after), or vanish mid-run.
final class EngineProxy: @unchecked Sendable {
    let socket: String
    let log: String
    let pidFile: String
    private let process = Process()

    enum KillMoment: String {
        case before
        case after
    }

    init(killAt: Int? = nil, when moment: KillMoment = .before) throws {
        let base = NSTemporaryDirectory() + "swc-proxy-\(UUID().uuidString.prefix(8))"
        socket = base + ".sock"
        log = base + ".log"
        pidFile = base + ".pid"
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let upstream = Integration.dockerHost.replacingOccurrences(of: "unix://", with: "")
        var arguments = [root.appendingPathComponent("scripts/engine-proxy.py").path, "--listen", socket,
                         "--upstream", upstream, "--log", log, "--kill-pid-file", pidFile]
        if let killAt { arguments += ["--kill-at", String(killAt), "--kill-when", moment.rawValue] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        // The proxy prints "ready" once it listens.
        _ = ready.fileHandleForReading.availableData
    }

    var host: String { "unix://" + socket }

    /// The requests seen so far, "METHOD PATH" each.
    func requests() -> [String] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("KILLED") }
    }

    var killed: Bool {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("KILLED")
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: the test runner's children may inherit a blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for path in [socket, log, pidFile] { try? FileManager.default.removeItem(atPath: path) }
    }

    deinit { stop() }
}
