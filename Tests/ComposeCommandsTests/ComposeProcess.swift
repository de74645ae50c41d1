import Foundation

/// Runs the built `compose` executable, as a user would, and captures its output.
struct ComposeProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<config>/compose`, found next to the test bundle.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("compose")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/compose")
    }

    /// The `compose` process for `arguments`, with a minimal environment plus `environment`.
    static func makeProcess(_ arguments: [String], in directory: String, environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        return process
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    stdin: String? = nil) throws -> Result {
        try collect(makeProcess(arguments, in: directory, environment: environment), stdin: stdin)
    }

    /// `/bin/sh -c script` with the same minimal environment (for pipelines around `compose`).
    static func shell(_ script: String, in directory: String, environment: [String: String] = [:]) throws -> Result {
        let process = makeProcess([], in: directory, environment: environment)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        return try collect(process)
    }

    private static func collect(_ process: Process, stdin: String? = nil) throws -> Result {
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Written from another thread: a command that echoes its input fills the output pipe meanwhile. A
        // command that exits without reading it must fail the write, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let writer = input.fileHandleForWriting
        let bytes = Data((stdin ?? "").utf8)
        DispatchQueue.global().async {
            if !bytes.isEmpty { try? writer.write(contentsOf: bytes) }
            try? writer.close()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A fresh directory holding the given files (relative path → content).
    static func project(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "swift-compose-cli-\(UUID().uuidString)"
        for (path, content) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }
}

extension ComposeProcess {
    /// A `compose` process started without waiting for it; its output goes to files, so it can run as long
    /// as it likes (attached `up`, `logs -f`) and be signalled or killed.
    final class Launched: @unchecked Sendable {
        let process: Process
        let stdoutPath: String
        let stderrPath: String

        init(process: Process, stdoutPath: String, stderrPath: String) {
            self.process = process
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
        }

        var pid: Int32 { process.processIdentifier }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits for the process (polling, so the caller's thread is not blocked for long) and returns its result.
        func finish(timeout: Duration = .seconds(120)) async -> Result {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while process.isRunning && clock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }

        /// Waits until the standard output contains `text`.
        func waitForOutput(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                if stdout.contains(text) { return true }
                if !process.isRunning { return stdout.contains(text) }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
    }

    static func launch(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Launched {
        let process = makeProcess(arguments, in: directory, environment: environment)
        let base = NSTemporaryDirectory() + "swc-launch-\(UUID().uuidString.prefix(8))"
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Launched(process: process, stdoutPath: base + ".out", stderrPath: base + ".err")
    }
}
