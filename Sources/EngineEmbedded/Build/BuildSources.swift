import EngineAPI
import Glibc

/// The files a COPY/ADD reads: from the build context (with `.dockerignore`), or from another stage's or
/// image's rootfs. Sources are resolved inside their root (symlinks never lead out), globs match one path
/// component at a time as Go's `filepath.Match` does, and the content hash (paths, types, modes, contents;
/// not times) is the cache input.
struct BuildSources {
    struct Item: Sendable, Hashable {
        /// Relative to the root, `/`-separated ("" for the root itself).
        var relative: String
        /// The host path.
        var path: String
        var isDirectory: Bool
        var name: String { relative.split(separator: "/").last.map(String.init) ?? "" }
    }

    let root: String
    let ignore: DockerIgnore?

    /// The items `sources` name; an error when one matches nothing.
    func resolve(_ sources: [String], instruction: String) throws(EngineError) -> [Item] {
        var items: [Item] = []
        for source in sources {
            let cleaned = DockerIgnore.clean(source.hasPrefix("/") ? String(source.drop(while: { $0 == "/" })) : source)
            if cleaned == ".." || cleaned.hasPrefix("../") {
                throw EngineError(.invalidArgument, "\(instruction): forbidden path outside the build context: \(source)")
            }
            let relative = cleaned == "." ? "" : cleaned
            let matches = relative.contains(where: { "*?[".contains($0) }) ? try glob(relative) : [relative]
            var found = false
            for match in matches {
                if let ignore, !match.isEmpty, ignore.excludes(match) { continue }
                let host = try RootfsPath.resolve(match, in: root)
                var info = stat()
                guard stat(host, &info) == 0 else { continue }
                found = true
                items.append(Item(relative: match, path: host, isDirectory: info.st_mode & S_IFMT == S_IFDIR))
            }
            guard found else {
                throw EngineError(.notFound, "\(instruction): \(source): not found (in the build context, or excluded by .dockerignore)")
            }
        }
        return items
    }

    /// Paths matching a pattern, component by component, sorted.
    func glob(_ pattern: String) throws(EngineError) -> [String] {
        var current = [""]
        for component in pattern.split(separator: "/").map(String.init) {
            var next: [String] = []
            for base in current {
                guard component.contains(where: { "*?[".contains($0) }) else {
                    next.append(base.isEmpty ? component : base + "/" + component)
                    continue
                }
                let directory = try RootfsPath.resolve(base, in: root)
                for name in Self.entries(directory) where fnmatch(component, name, 0) == 0 {
                    next.append(base.isEmpty ? name : base + "/" + name)
                }
            }
            current = next
        }
        return current.sorted()
    }

    static func entries(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether a path inside a copied directory is left out by `.dockerignore`.
    func excluded(_ relative: String) -> Bool {
        guard let ignore, !relative.isEmpty else { return false }
        return ignore.excludes(relative)
    }

    /// The content hash of the items: what the cache key and the history's `file:<hex>` use.
    func hash(_ items: [Item]) throws(EngineError) -> Digest {
        var hasher = DigestHasher()
        for item in items {
            hasher.update(Array("item \(item.relative)\n".utf8))
            try hashTree(item.path, relative: item.relative, into: &hasher, top: true)
        }
        return hasher.finalize()
    }

    private func hashTree(_ path: String, relative: String, into hasher: inout DigestHasher, top: Bool) throws(EngineError) {
        var info = stat()
        // The top-level source is followed (it was resolved); inside directories symlinks are copied as links.
        guard (top ? stat(path, &info) : lstat(path, &info)) == 0 else {
            throw EngineError(.internalError, "stat \(path)", cause: buildErrnoText())
        }
        let type = info.st_mode & S_IFMT
        hasher.update(Array("\(relative)\0\(type)\0\(info.st_mode & 0o7777)\0".utf8))
        switch type {
        case S_IFREG:
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw EngineError(.internalError, "open \(path)", cause: buildErrnoText()) }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else {
                    if count < 0 { throw EngineError(.internalError, "read \(path)", cause: buildErrnoText()) }
                    break
                }
                buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            }
        case S_IFLNK:
            hasher.update(Array(try RootfsPath.readLink(path).utf8))
        case S_IFDIR:
            for name in Self.entries(path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if excluded(child) { continue }
                try hashTree(path + "/" + name, relative: child, into: &hasher, top: false)
            }
        default:
            hasher.update(Array("\(info.st_rdev)".utf8))
        }
    }
}
