import EngineAPI
import Foundation

/// `runc --root <root> …`, one process per call (through `HostCommand`), for lifecycle commands and
/// non-interactive exec. runc's own messages come as `--log-format json` lines and become the cause of the
/// `EngineError`, which names the container. Creating a supervised container is the shim's job; `create`
/// here is for tools and tests (the container's stdio is /dev/null).
public struct RuncClient: Sendable {
    public var runc: String
    public var root: String

    public init(runc: String = "/usr/sbin/runc", root: String) {
        self.runc = runc
        self.root = root
    }

    /// nil when runc does not know the container.
    public func state(_ id: String) throws(EngineError) -> RuncState? {
        let output = try run(["state", id])
        if output.status != 0 {
            if Self.message(output).contains("does not exist") { return nil }
            throw failure("state", id, output)
        }
        return try decode(RuncState.self, output, "state", id)
    }

    public func list() throws(EngineError) -> [RuncState] {
        let output = try run(["list", "--format", "json"])
        guard output.status == 0 else { throw failure("list", nil, output) }
        // runc prints `null` when it has no containers.
        return try decode([RuncState]?.self, output, "list", nil) ?? []
    }

    /// `runc create`, with the container's stdio on /dev/null and runc's messages in a temporary log.
    public func create(_ id: String, bundle: String, pidFile: String? = nil) throws(EngineError) {
        let log = NSTemporaryDirectory() + "swift-compose-runc-\(UUID().uuidString).log"
        defer { unlink(log) }
        var arguments = ["--root", root, "--log", log, "--log-format", "json", "create", "--bundle", bundle]
        if let pidFile { arguments += ["--pid-file", pidFile] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: runc)
        process.arguments = arguments + [id]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EngineError(.unavailable, "start \(runc)", cause: "\(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
            throw EngineError(.internalError, "runc create \(id)", cause: Self.messages(text) ?? "exit status \(process.terminationStatus)")
        }
    }

    public func start(_ id: String) throws(EngineError) {
        try check(["start", id], "start", id)
    }

    /// Signals the init (`all`: every process of the container). `signal` is `TERM`, `SIGKILL`, `9`.
    public func kill(_ id: String, signal: String, all: Bool = false) throws(EngineError) {
        try check(["kill"] + (all ? ["--all"] : []) + [id, signal], "kill", id)
    }

    /// Idempotent: a container runc does not know is already deleted.
    public func delete(_ id: String, force: Bool = false) throws(EngineError) {
        let output = try run(["delete"] + (force ? ["--force"] : []) + [id])
        guard output.status == 0 || Self.message(output).contains("does not exist") else { throw failure("delete", id, output) }
    }

    public func pause(_ id: String) throws(EngineError) {
        try check(["pause", id], "pause", id)
    }

    public func resume(_ id: String) throws(EngineError) {
        try check(["resume", id], "resume", id)
    }

    /// The host pids of the container's processes.
    public func processes(_ id: String) throws(EngineError) -> [Int32] {
        let output = try run(["ps", "--format", "json", id])
        guard output.status == 0 else { throw failure("ps", id, output) }
        return try decode([Int32]?.self, output, "ps", id) ?? []
    }

    /// The command's output and exit status (a runc failure before the process started is an error).
    public struct ExecResult: Sendable, Hashable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A non-interactive exec: the container's spec process with these args, `env` appended, `cwd` and
    /// `user` (`uid:gid`) when given. stdin is empty. `detach` returns at once (the status is runc's).
    public func exec(_ id: String, args: [String], env: [String] = [], cwd: String? = nil, user: String? = nil,
                     detach: Bool = false, timeout: Double = 600) throws(EngineError) -> ExecResult {
        var flags: [String] = []
        for variable in env { flags += ["--env", variable] }
        if let cwd { flags += ["--cwd", cwd] }
        if let user { flags += ["--user", user] }
        if detach { flags.append("--detach") }
        return try exec(id, flags: flags + ["--", id] + args, timeout: timeout)
    }

    /// An exec of a whole process document (`RuntimeSpecBuilder.execProcess`): user, env, capabilities and
    /// all, passed to `runc exec --process`.
    public func exec(_ id: String, process: OCIRuntimeSpec.Process, detach: Bool = false,
                     timeout: Double = 600) throws(EngineError) -> ExecResult {
        var document = process
        document.terminal = false
        let file = NSTemporaryDirectory() + "swift-compose-exec-\(UUID().uuidString).json"
        defer { unlink(file) }
        let bytes: Data
        do {
            bytes = try JSONEncoder().encode(document)
        } catch {
            throw EngineError(.internalError, "encode the exec process of \(id)", cause: "\(error)")
        }
        guard FileManager.default.createFile(atPath: file, contents: bytes) else {
            throw EngineError(.internalError, "write \(file)")
        }
        return try exec(id, flags: ["--process", file] + (detach ? ["--detach"] : []) + [id], timeout: timeout)
    }

    /// runc's own messages go to a log file so the process's stderr stays its own.
    private func exec(_ id: String, flags: [String], timeout: Double) throws(EngineError) -> ExecResult {
        let log = NSTemporaryDirectory() + "swift-compose-runc-\(UUID().uuidString).log"
        defer { unlink(log) }
        let output = try HostCommand.run(runc, ["--root", root, "--log", log, "--log-format", "json", "exec"] + flags,
                                         timeout: timeout)
        let logText = FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
        // runc exits 255 with an error logged when the process could not be started (bad cwd, user, args).
        if output.status != 0, let message = Self.messages(logText, levels: ["error", "fatal"]) {
            let code: EngineError.Code = message.contains("does not exist") ? .notFound : (message.contains("not running") ? .conflict : .internalError)
            throw EngineError(code, "runc exec \(id)", cause: message)
        }
        return ExecResult(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    private func run(_ arguments: [String]) throws(EngineError) -> HostCommand.Output {
        try HostCommand.run(runc, ["--root", root, "--log-format", "json"] + arguments)
    }

    private func check(_ arguments: [String], _ verb: String, _ id: String) throws(EngineError) {
        let output = try run(arguments)
        guard output.status == 0 else { throw failure(verb, id, output) }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ output: HostCommand.Output, _ verb: String, _ id: String?) throws(EngineError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(output.stdout))
        } catch {
            throw EngineError(.internalError, "runc \(verb)\(id.map { " " + $0 } ?? ""): unreadable output", cause: "\(error)")
        }
    }

    private func failure(_ verb: String, _ id: String?, _ output: HostCommand.Output) -> EngineError {
        let message = Self.message(output)
        let code: EngineError.Code
        if message.contains("does not exist") {
            code = .notFound
        } else if message.contains("not running") || message.contains("not paused") || message.contains("cannot ")
            || message.contains("is running") || message.contains("is paused") {
            code = .conflict
        } else {
            code = .internalError
        }
        return EngineError(code, "runc \(verb)\(id.map { " " + $0 } ?? "")", cause: message)
    }

    private static func message(_ output: HostCommand.Output) -> String {
        messages(output.stderrText) ?? (output.stderrText.isEmpty ? "exit status \(output.status)" : output.stderrText)
    }

    private struct LogLine: Decodable {
        var level: String?
        var msg: String?
    }

    /// The `msg` of runc's JSON log lines (at `levels`, or every level), joined; nil when there are none.
    static func messages(_ text: String, levels: Set<String>? = nil) -> String? {
        let lines = text.split(separator: "\n").compactMap { line -> LogLine? in
            try? JSONDecoder().decode(LogLine.self, from: Data(line.utf8))
        }
        let messages = lines.filter { levels == nil || levels?.contains($0.level ?? "") == true }.compactMap(\.msg)
        return messages.isEmpty ? nil : messages.joined(separator: "; ")
    }
}
