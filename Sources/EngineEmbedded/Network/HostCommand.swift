import EngineAPI
import Foundation

/// Runs a host tool (ip, iptables, a CNI plugin) to completion (`HostProcess`: posix_spawn, never a bare fork),
/// feeding stdin and collecting stdout and stderr separately.
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
        let result = try HostProcess.run(executable, arguments, environment: environment, stdin: stdin, timeout: timeout)
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
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
