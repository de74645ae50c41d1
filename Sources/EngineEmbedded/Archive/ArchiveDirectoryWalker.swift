import EngineAPI
import Foundation

/// Feeds a directory's files to a collector, with symlinks kept as links (resolved inside the directory,
/// never followed out of it).
enum ArchiveDirectoryWalker {
    static func walk(_ root: String, into collector: inout ArchiveCollector) throws(EngineError) {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw EngineError(.internalError, "load \(root): cannot list the directory")
        }
        var paths = [String]()
        while let relative = enumerator.nextObject() as? String { paths.append(relative) }
        for relative in paths.sorted() {
            let full = "\(root)/\(relative)"
            var info = stat()
            guard lstat(full, &info) == 0 else { throw FileSystem.error("stat", full) }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                let target: String
                do {
                    target = try FileManager.default.destinationOfSymbolicLink(atPath: full)
                } catch {
                    throw EngineError(.internalError, "load \(root): cannot read link \(relative)", cause: "\(error)")
                }
                collector.addLink(path: relative, target: target, symbolic: true)
            case S_IFREG:
                try addFile(full, relative: relative, size: Int64(info.st_size), into: &collector)
            default:
                continue
            }
        }
    }

    private static func addFile(_ full: String, relative: String, size: Int64,
                                into collector: inout ArchiveCollector) throws(EngineError) {
        let fd = open(full, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error("open", full) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        try collector.addFile(path: relative, size: size) {
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.error("read", full)
                }
                return count == 0 ? nil : buffer[0..<count]
            }
        }
    }
}
