import EngineAPI
import Foundation

/// Whole-file writes that readers never see half done and that survive a crash: a temp file in the same
/// directory, fsync, rename, fsync of the directory.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(EngineError) {
        let directory = (path as NSString).deletingLastPathComponent
        try FileSystem.makeDirectories(directory)
        let name = (path as NSString).lastPathComponent
        let temp = "\(directory)/.tmp-\(name)-\(UUID().uuidString.lowercased())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileSystem.error("create", temp) }
        var closed = false
        do throws(EngineError) {
            var failure: EngineError?
            bytes.withUnsafeBytes { buffer in
                do throws(EngineError) {
                    try FileSystem.writeAll(fd, buffer, path: temp)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            guard fsync(fd) == 0 else { throw FileSystem.error("fsync", temp) }
            closed = true
            guard close(fd) == 0 else { throw FileSystem.error("close", temp) }
            guard rename(temp, path) == 0 else { throw FileSystem.error("rename to \(path)", temp) }
        } catch {
            if !closed { close(fd) }
            unlink(temp)
            throw error
        }
        FileSystem.syncDirectory(directory)
    }

    /// `value` as JSON (sorted keys, so records diff well), written atomically; `what` names it in errors.
    public static func writeJSON<Value: Encodable>(_ value: Value, to path: String, what: String,
                                                   pretty: Bool = false) throws(EngineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try encoder.encode(value))
        } catch {
            throw EngineError(.internalError, "encode \(what)", cause: "\(error)")
        }
        try write(bytes, to: path)
    }

    /// A JSON record read whole; an unreadable file is the read's error, an undecodable one names `what`.
    public static func readJSON<Value: Decodable>(_ type: Value.Type, from path: String, what: String) throws(EngineError) -> Value {
        let bytes = try FileSystem.readAll(path)
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw EngineError(.internalError, "read \(what) \(path)", cause: "\(error)")
        }
    }
}
