import EngineAPI
import Foundation

/// Runs a helper executable (runc, tar) to completion off the cooperative thread pool, streaming its merged
/// stdout/stderr line by line.
enum BuildProcess {
    struct Outcome: Sendable {
        var status: Int32
        /// The last lines, for error messages.
        var tail: [String]
    }

    static func run(_ executable: String, _ arguments: [String],
                    onLine: @escaping @Sendable (String) -> Void = { _ in }) async throws(EngineError) -> Outcome {
        let result: Result<Outcome, EngineError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: runBlocking(executable, arguments, onLine: onLine))
            }
        }
        return try result.get()
    }

    static func runBlocking(_ executable: String, _ arguments: [String], onLine: (String) -> Void) -> Result<Outcome, EngineError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return .failure(EngineError(.unavailable, "start \(executable)", cause: "\(error)"))
        }
        let reader = pipe.fileHandleForReading
        var pending: [UInt8] = []
        var tail: [String] = []
        func emit(_ bytes: ArraySlice<UInt8>) {
            var line = String(decoding: bytes, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            onLine(line)
            tail.append(line)
            if tail.count > 20 { tail.removeFirst() }
        }
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending += chunk
            while let newline = pending.firstIndex(of: 10) {
                emit(pending[..<newline])
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { emit(pending[...]) }
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return .success(Outcome(status: status, tail: tail))
    }

    /// An executable on PATH (then the usual sbin directories).
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
