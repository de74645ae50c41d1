import EngineAPI
import Glibc

/// Paths inside a directory tree that stands for a root (an image rootfs, a build context), resolved the way
/// the container would see them: symlinks are followed relative to that root and `..` stops at it, so an
/// image's `/etc -> /` can never lead outside the tree.
enum RootfsPath {
    /// The host path of `path` inside `root`. With `followFinal: false` a final symlink is kept as is.
    static func resolve(_ path: String, in root: String, followFinal: Bool = true) throws(EngineError) -> String {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = join(root, resolved + [component])
            var info = stat()
            guard lstat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, followFinal || !pending.isEmpty else {
                resolved.append(component)
                continue
            }
            links += 1
            guard links <= 40 else {
                throw EngineError(.invalidArgument, "\(path): too many levels of symbolic links")
            }
            let target = try readLink(candidate)
            if target.hasPrefix("/") { resolved = [] }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return join(root, resolved)
    }

    static func join(_ root: String, _ components: [String]) -> String {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return components.isEmpty ? base : base + "/" + components.joined(separator: "/")
    }

    static func readLink(_ path: String) throws(EngineError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw EngineError(.internalError, "readlink \(path)", cause: buildErrnoText()) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `path` (absolute inside `root`) and missing parents; new directories get mode 0755 and `owner`.
    /// Returns the host path.
    @discardableResult
    static func makeDirectories(_ path: String, in root: String, owner: (uid: UInt32, gid: UInt32)? = nil) throws(EngineError) -> String {
        // Resolution follows every existing symlink; what is left are real directories and missing names.
        let host = try resolve(path, in: root)
        let base = join(root, [])
        var current = base
        for component in host.dropFirst(base.count).split(separator: "/") {
            current += "/" + component
            var info = stat()
            if lstat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw EngineError(.invalidArgument, "\(path): \(current.dropFirst(base.count)) exists and is not a directory")
                }
                continue
            }
            guard mkdir(current, 0o755) == 0 || errno == EEXIST else {
                throw EngineError(.internalError, "mkdir \(current.dropFirst(base.count))", cause: buildErrnoText())
            }
            _ = chmod(current, 0o755)
            if let owner { _ = lchown(current, owner.uid, owner.gid) }
        }
        return host
    }
}

func buildErrnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
