import EngineAPI
import Foundation

/// Runs a host tool (ip, iptables, a CNI plugin) to completion with Foundation.Process (fork+exec, never a
/// bare fork), feeding stdin and collecting stdout and stderr separately.
enum HostCommand {
    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdin: [UInt8] = [], timeout: Double = 120) throws(EngineError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw EngineError(.unavailable, "start \(executable)", cause: "\(error)")
        }
        // Children may inherit a blocked signal mask from this process's threads, so their own alarm-based
        // timeouts cannot be trusted: SIGKILL (never blocked) bounds every run.
        let pid = process.processIdentifier
        let finished = CollectedOutput()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if !finished.done { kill(pid, SIGKILL) }
        }
        defer { finished.markDone() }
        // Both pipes are drained on their own threads so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        let collected = CollectedOutput()
        group.enter()
        DispatchQueue.global().async {
            collected.setStderr([UInt8](errors.fileHandleForReading.readDataToEndOfFile()))
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.setStdout([UInt8](output.fileHandleForReading.readDataToEndOfFile()))
            group.leave()
        }
        if !stdin.isEmpty { try? input.fileHandleForWriting.write(contentsOf: Data(stdin)) }
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Output(status: status, stdout: collected.stdout, stderr: collected.stderr)
    }

    /// Runs and throws when the status is not 0, with the tool's stderr as the cause.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String], what: String) throws(EngineError) -> Output {
        let result = try run(executable, arguments)
        guard result.status == 0 else {
            throw EngineError(.internalError, what, cause: "\(([executable] + arguments).joined(separator: " ")): \(result.stderrText)")
        }
        return result
    }

    /// An executable in the usual system directories, then PATH.
    static func find(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] + path.split(separator: ":").map(String.init)
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out: [UInt8] = []
    private var err: [UInt8] = []
    private var finished = false
    var done: Bool { lock.withLock { finished } }
    func markDone() { lock.withLock { finished = true } }
    var stdout: [UInt8] { lock.withLock { out } }
    var stderr: [UInt8] { lock.withLock { err } }
    func setStdout(_ bytes: [UInt8]) { lock.withLock { out = bytes } }
    func setStderr(_ bytes: [UInt8]) { lock.withLock { err = bytes } }
}
