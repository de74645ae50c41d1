import EngineAPI
import Foundation

/// Starts a container's supervisor (engine side; not compiled into the shim): writes `<bundle>/shim.json`,
/// runs `compose-shim run …` and returns once `runc create` is done, with the container init's pid. The
/// shim stays behind, detached; the engine then runs `runc start`.
public struct ShimLauncher: Sendable {
    public var executable: String
    public var runc: String

    public init(executable: String, runc: String = "/usr/sbin/runc") {
        self.executable = executable
        self.runc = runc
    }

    /// Blocks for the shim's report (one `runc create`, typically under 200 ms).
    public func launch(id: String, bundle: String, runcRoot: String, config: ShimConfig) throws(EngineError) -> Int32 {
        let configPath = bundle + "/" + ShimFiles.config
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(config)
        } catch {
            throw EngineError(.internalError, "encode \(configPath)", cause: "\(error)")
        }
        try AtomicFile.write(Array(encoded), to: configPath)
        // The report is one line on stdout; it ends when the launcher half exits (the supervisor closed its copy).
        let result = try HostProcess.run(executable, ["run", "--bundle", bundle, "--runc-root", runcRoot, "--id", id,
                                                      "--runc", runc, "--config", configPath], timeout: 120)
        let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if result.status == 0, text.hasPrefix("ok "), let pid = Int32(text.dropFirst(3)) {
            return pid
        }
        let stderr = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = text.hasPrefix("error ") ? String(text.dropFirst(6))
            : (text.isEmpty ? (stderr.isEmpty ? "exit status \(result.status)" : stderr) : text)
        throw EngineError(.internalError, "create container \(id)", cause: reason)
    }
}
