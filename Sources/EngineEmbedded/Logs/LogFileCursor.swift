import EngineAPI
import Foundation

/// An open json-file log read line by line from where it was left. The descriptor keeps reading the same
/// file after the shim renames it (rotation); an incomplete last line waits for the rest.
final class LogFileCursor {
    let path: String
    let device: UInt64
    let inode: UInt64
    private let fd: Int32
    var descriptor: Int32 { fd }
    private(set) var offset: Int64 = 0
    private var partial: [UInt8] = []

    private init(path: String, fd: Int32, device: UInt64, inode: UInt64) {
        self.path = path
        self.fd = fd
        self.device = device
        self.inode = inode
    }

    deinit { close(fd) }

    /// nil when the file does not exist (yet).
    static func open(_ path: String) throws(EngineError) -> LogFileCursor? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw FileSystem.error("open", path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = FileSystem.error("stat", path)
            close(fd)
            throw failure
        }
        return LogFileCursor(path: path, fd: fd, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether `path` names this cursor's file.
    func isFile(at path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// Starts again at the beginning (the file was truncated in place: rotation with max-file 1).
    func rewind() {
        seek(to: 0)
    }

    /// Continues at a line start.
    func seek(to position: Int64) {
        lseek(fd, off_t(position), SEEK_SET)
        offset = position
        partial = []
    }

    /// Reads to the current end of the file, or about `maxBytes`; `body` gets each complete line without its
    /// newline. True when the end was reached.
    @discardableResult
    func readLines(maxBytes: Int? = nil, _ body: ([UInt8]) -> Void) throws(EngineError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            if let maxBytes, total >= maxBytes { return false }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error("read", path)
            }
            if count == 0 { return true }
            total += count
            offset += Int64(count)
            var start = 0
            while let newline = chunk[start..<count].firstIndex(of: UInt8(ascii: "\n")) {
                if partial.isEmpty {
                    body(Array(chunk[start..<newline]))
                } else {
                    partial.append(contentsOf: chunk[start..<newline])
                    body(partial)
                    partial = []
                }
                start = newline + 1
            }
            partial.append(contentsOf: chunk[start..<count])
        }
    }
}
