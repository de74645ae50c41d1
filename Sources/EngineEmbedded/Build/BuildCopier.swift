import EngineAPI
import Glibc

/// Writes COPY/ADD sources into a mounted rootfs with Docker's rules: a directory source copies its
/// contents; a file goes into the destination directory when the destination ends with `/`, is an
/// existing directory or there are several sources; ownership is root (or `--chown`), except for sources
/// from another stage or an archive, which keep theirs; `--chmod` sets the mode of everything copied;
/// modification times are kept. Every path in the rootfs is resolved inside it.
struct BuildCopier {
    let rootfs: String
    let sources: BuildSources
    let owner: (uid: UInt32, gid: UInt32)?
    let preserveOwner: Bool
    let chmod: UInt32?

    func copy(_ items: [BuildSources.Item], to destination: String, destinationIsDirectory: Bool) throws(EngineError) {
        let intoDirectory = destinationIsDirectory || items.count > 1 || isDirectory(destination)
        for item in items {
            if item.isDirectory {
                try RootfsPath.makeDirectories(destination, in: rootfs, owner: owner)
                try copyChildren(of: item.path, relative: item.relative, to: destination)
            } else {
                let target = intoDirectory ? join(destination, item.name) : destination
                try RootfsPath.makeDirectories(parent(target), in: rootfs, owner: owner)
                try copyEntry(item.path, relative: item.relative, to: target, follow: true)
            }
        }
    }

    func isDirectory(_ path: String) -> Bool {
        guard let host = try? RootfsPath.resolve(path, in: rootfs) else { return false }
        var info = stat()
        return stat(host, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    func copyChildren(of source: String, relative: String, to destination: String) throws(EngineError) {
        for name in BuildSources.entries(source) {
            let child = relative.isEmpty ? name : relative + "/" + name
            let path = source + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            if sources.excluded(child), !(isDirectory && sources.ignore?.hasExceptions == true) { continue }
            try copyEntry(path, relative: child, to: join(destination, name), follow: false)
        }
    }

    func ownership(_ info: stat) -> (UInt32, UInt32) {
        if let owner { return owner }
        return preserveOwner ? (info.st_uid, info.st_gid) : (0, 0)
    }

    func mode(_ info: stat) -> mode_t {
        chmod.map { mode_t($0) } ?? (info.st_mode & 0o7777)
    }

    /// Copies one entry (recursively for a directory) to `target`, an absolute path in the rootfs.
    func copyEntry(_ source: String, relative: String, to target: String, follow: Bool) throws(EngineError) {
        var info = stat()
        guard (follow ? stat(source, &info) : lstat(source, &info)) == 0 else {
            throw EngineError(.internalError, "stat \(source)", cause: buildErrnoText())
        }
        let parentHost = try RootfsPath.resolve(parent(target), in: rootfs)
        let name = target.split(separator: "/").last.map(String.init) ?? ""
        let host = parentHost + "/" + name
        let (uid, gid) = ownership(info)
        var existing = stat()
        let exists = lstat(host, &existing) == 0
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if exists, existing.st_mode & S_IFMT == S_IFLNK || existing.st_mode & S_IFMT == S_IFDIR {
                // An existing directory (or a link to one, resolved inside the rootfs) receives the contents.
                let resolved = try RootfsPath.resolve(target, in: rootfs)
                var check = stat()
                guard stat(resolved, &check) == 0, check.st_mode & S_IFMT == S_IFDIR else {
                    throw EngineError(.invalidArgument, "cannot copy directory to \(target): not a directory")
                }
            } else {
                if exists { try removeExisting(host, target) }
                guard mkdir(host, 0o700) == 0 else { throw EngineError(.internalError, "mkdir \(target)", cause: buildErrnoText()) }
                _ = lchown(host, uid, gid)
                _ = Glibc.chmod(host, mode(info))
            }
            try copyChildren(of: source, relative: relative, to: target)
            if !exists { setTimes(host, info) }
        case S_IFREG:
            if exists { try removeExisting(host, target) }
            try copyFile(source, to: host, target: target, info: info, uid: uid, gid: gid)
        case S_IFLNK:
            if exists { try removeExisting(host, target) }
            let link = try RootfsPath.readLink(source)
            guard symlink(link, host) == 0 else { throw EngineError(.internalError, "symlink \(target)", cause: buildErrnoText()) }
            _ = lchown(host, uid, gid)
            setTimes(host, info)
        case S_IFIFO, S_IFCHR, S_IFBLK:
            if exists { try removeExisting(host, target) }
            guard mknod(host, info.st_mode, info.st_rdev) == 0 else {
                throw EngineError(.internalError, "mknod \(target)", cause: buildErrnoText())
            }
            _ = lchown(host, uid, gid)
            _ = Glibc.chmod(host, mode(info))
        default:
            break  // sockets cannot be copied; Docker leaves them out too
        }
    }

    func removeExisting(_ host: String, _ target: String) throws(EngineError) {
        var info = stat()
        guard lstat(host, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw EngineError(.invalidArgument, "cannot overwrite directory \(target) with a non-directory")
        }
        guard unlink(host) == 0 else { throw EngineError(.internalError, "unlink \(target)", cause: buildErrnoText()) }
    }

    func copyFile(_ source: String, to host: String, target: String, info: stat, uid: UInt32, gid: UInt32) throws(EngineError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw EngineError(.internalError, "open \(source)", cause: buildErrnoText()) }
        defer { close(input) }
        let output = open(host, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw EngineError(.internalError, "create \(target)", cause: buildErrnoText()) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 { throw EngineError(.internalError, "read \(source)", cause: buildErrnoText()) }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { raw in
                    raw.baseAddress.map { write(output, $0 + written, count - written) } ?? -1
                }
                guard result > 0 else { throw EngineError(.internalError, "write \(target)", cause: buildErrnoText()) }
                written += result
            }
        }
        // chown before chmod: chown clears setuid bits.
        _ = fchown(output, uid, gid)
        _ = fchmod(output, mode(info))
        var times = [info.st_atim, info.st_mtim]
        _ = futimens(output, &times)
    }

    func setTimes(_ host: String, _ info: stat) {
        var times = [info.st_atim, info.st_mtim]
        _ = utimensat(AT_FDCWD, host, &times, AT_SYMLINK_NOFOLLOW)
    }
}
