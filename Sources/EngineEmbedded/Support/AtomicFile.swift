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
}
