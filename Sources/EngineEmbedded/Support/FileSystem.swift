import EngineAPI
import Foundation

/// Small POSIX file helpers with EngineError reporting, shared by the stores.
enum FileSystem {
    static func error(_ operation: String, _ path: String, errno code: Int32 = errno) -> EngineError {
        let reason = String(cString: strerror(code))
        return EngineError(code == ENOENT ? .notFound : .internalError, "\(operation) \(path): \(reason)")
    }

    static func makeDirectories(_ path: String) throws(EngineError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw EngineError(.internalError, "create directory \(path)", cause: "\(error)")
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The size of a regular file, nil when absent.
    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    static func modificationTime(_ path: String) -> Date? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Names in a directory; empty when it does not exist.
    static func list(_ path: String) throws(EngineError) -> [String] {
        guard exists(path) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw EngineError(.internalError, "list \(path)", cause: "\(error)")
        }
    }

    static func readAll(_ path: String) throws(EngineError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error("read", path)
            }
            if count == 0 { return out }
            out.append(contentsOf: chunk[0..<count])
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(EngineError) {
        var done = 0
        while done < bytes.count {
            let count = write(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw error("write", path)
            }
            done += count
        }
    }

    /// Makes a rename or unlink in `directory` durable.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Removes a file or tree; absent is fine.
    static func remove(_ path: String) throws(EngineError) {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            if !exists(path) { return }
            throw EngineError(.internalError, "remove \(path)", cause: "\(error)")
        }
    }

    /// Runs `body` on the bytes' storage. (Typed throws through `withUnsafeBytes` itself crashes Swift 6.3.1.)
    static func withBytes<Bytes: ContiguousBytes>(_ bytes: Bytes, _ body: (UnsafeRawBufferPointer) throws(EngineError) -> Void) throws(EngineError) {
        var failure: EngineError?
        bytes.withUnsafeBytes { buffer in
            do throws(EngineError) {
                try body(buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
