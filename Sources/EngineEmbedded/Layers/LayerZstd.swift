import EngineAPI
import Foundation

/// zstd layers are decompressed by the `zstd` tool in a child process (spawned, never forked), read from
/// its stdout in chunks.
enum LayerZstd {
    static func decompress(path: String, layer: String, _ body: ([UInt8]) throws -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zstd", "-dc", "--", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EngineError(.unavailable, "layer \(layer): cannot run zstd: \(error)")
        }
        let reader = output.fileHandleForReading
        var finished = false
        defer {
            if !finished, process.isRunning { process.terminate() }
            try? reader.close()
            process.waitUntilExit()
        }
        while true {
            let data: Data?
            do { data = try reader.read(upToCount: LayerBlobReader.chunkSize) } catch {
                throw EngineError(.internalError, "layer \(layer): reading zstd output: \(error)")
            }
            guard let data, !data.isEmpty else { break }
            try body(Array(data))
        }
        finished = true
        process.waitUntilExit()
        let message = String(decoding: (try? errors.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw EngineError(.invalidArgument, "layer \(layer): zstd failed (status \(process.terminationStatus))\(text.isEmpty ? "" : ": " + text)")
        }
    }
}
