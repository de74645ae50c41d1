import EngineAPI
import Foundation

/// The copy behind a volume's copy-up: a tree walk that never follows symlinks, keeping owners (when root),
/// modes (setuid included: applied after the chown that clears it), times, symlinks, hard links and
/// fifos/device nodes. Extended attributes are not copied.
enum VolumeCopier {
    static func isNonEmptyDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        return !((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? true)
    }

    /// Copies the entries of `source` into the existing directory `target`, then gives `target` the source's
    /// owner, mode and times (Docker does the same for the volume root).
    static func copyContents(of source: String, into target: String) throws(EngineError) {
        var info = stat()
        guard stat(source, &info) == 0 else { throw FileSystem.error("stat", source) }
        var links: [HardLinkKey: String] = [:]
        try copyChildren(source, target, links: &links)
        try applyMetadata(info, to: target, isLink: false)
    }

    private struct HardLinkKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func copyChildren(_ source: String, _ target: String, links: inout [HardLinkKey: String]) throws(EngineError) {
        for name in try FileSystem.list(source).sorted() {
            try copyEntry("\(source)/\(name)", "\(target)/\(name)", links: &links)
        }
    }

    private static func copyEntry(_ source: String, _ target: String, links: inout [HardLinkKey: String]) throws(EngineError) {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw FileSystem.error("lstat", source) }
        let key = HardLinkKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(target, 0o700) == 0 else { throw FileSystem.error("mkdir", target) }
            try copyChildren(source, target, links: &links)
        case S_IFREG:
            if info.st_nlink > 1, let first = links[key] {
                guard link(first, target) == 0 else { throw FileSystem.error("link \(first) to", target) }
                return
            }
            try copyFile(source, target)
            if info.st_nlink > 1 { links[key] = target }
        case S_IFLNK:
            let destination: String
            do {
                destination = try FileManager.default.destinationOfSymbolicLink(atPath: source)
            } catch {
                throw EngineError(.internalError, "readlink \(source)", cause: "\(error)")
            }
            guard symlink(destination, target) == 0 else { throw FileSystem.error("symlink", target) }
            try applyMetadata(info, to: target, isLink: true)
            return
        case S_IFIFO, S_IFCHR, S_IFBLK:
            guard mknod(target, info.st_mode, info.st_rdev) == 0 else { throw FileSystem.error("mknod", target) }
        default:
            return  // sockets belong to a running process: nothing to copy
        }
        try applyMetadata(info, to: target, isLink: false)
    }

    private static func copyFile(_ source: String, _ target: String) throws(EngineError) {
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw FileSystem.error("open", source) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard output >= 0 else { throw FileSystem.error("create", target) }
        defer { close(output) }
        var chunk = [UInt8](repeating: 0, count: 128 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error("read", source)
            }
            if count == 0 { return }
            try FileSystem.withBytes(chunk[0..<count]) { (buffer) throws(EngineError) in
                try FileSystem.writeAll(output, buffer, path: target)
            }
        }
    }

    /// Owner first (chown clears setuid/setgid), then mode, then times (last: the other two touch ctime only).
    private static func applyMetadata(_ info: stat, to path: String, isLink: Bool) throws(EngineError) {
        if geteuid() == 0 {
            guard lchown(path, info.st_uid, info.st_gid) == 0 else { throw FileSystem.error("chown", path) }
        }
        if !isLink {
            guard chmod(path, info.st_mode & 0o7777) == 0 else { throw FileSystem.error("chmod", path) }
        }
        var times = [info.st_atim, info.st_mtim]
        guard utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw FileSystem.error("utimensat", path) }
    }
}
