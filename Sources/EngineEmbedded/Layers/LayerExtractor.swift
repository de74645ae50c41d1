import EngineAPI
import Foundation
import TarArchive

/// Turns the events of a layer tar into files below `root`, converting OCI whiteouts to overlayfs ones.
/// Every path is resolved descriptor by descriptor with O_NOFOLLOW, so nothing is ever created through a
/// symlink; absolute paths, `..` and hardlinks that leave the layer are refused. Directory metadata is
/// applied in `finish()`, after their children exist (creating children would change their mtimes).
final class LayerExtractor {
    private let layer: String
    private let rootPath: String
    private let root: Int32
    private let isRoot = geteuid() == 0
    /// Things not preserved because the process lacks privileges (devices, owners).
    private(set) var notes: [String] = []
    /// The regular file being written: its descriptor, its parent's, its name and entry.
    private var current: (file: Int32, parent: Int32, name: String, entry: TarEntry)?
    private var directories: [(components: [String], entry: TarEntry)] = []

    static let whiteoutPrefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"
    static let opaqueXattr = "trusted.overlay.opaque"

    /// The fs dirs of the layers below, top first: a directory the tar implies without an entry of its own
    /// takes its metadata from there (as containerd does), so it does not mask the lower one's mode/owner.
    private let lowers: [String]

    init(layer: String, root: String, lowers: [String] = []) throws(EngineError) {
        self.layer = layer
        self.lowers = lowers
        rootPath = root
        self.root = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard self.root >= 0 else {
            throw EngineError(.internalError, "layer \(layer): cannot open \(root): \(LayerDirectory.errorText(errno))")
        }
    }

    deinit { close() }

    func close() {
        if let current {
            _ = Foundation.close(current.file)
            _ = Foundation.close(current.parent)
            self.current = nil
        }
        if root >= 0 { _ = Foundation.close(root) }
    }

    // MARK: Events

    func handle(_ event: TarEvent) throws(EngineError) {
        switch event {
        case .entry(let entry):
            try begin(entry)
        case .data(let bytes):
            guard let current else { return }
            try write(bytes, to: current.file, entry: current.entry)
        case .entryEnd:
            guard let current else { return }
            self.current = nil
            defer { _ = Foundation.close(current.parent) }
            let closed = Foundation.close(current.file)
            guard closed == 0 else { throw failure(current.entry, "close", errno) }
            try applyMetadata(current.entry, parent: current.parent, name: current.name, isSymlink: false)
        }
    }

    /// Applies directory metadata (owner, mode, xattrs, times), last entry for a path winning.
    func finish() throws(EngineError) {
        for (components, entry) in directories {
            let directory: Int32
            switch LayerDirectory.walk(from: root, components[...], create: false) {
            case .success(let descriptor): directory = descriptor
            case .failure: continue // replaced by a later non-directory entry
            }
            defer { if directory != root { _ = Foundation.close(directory) } }
            if isRoot {
                guard fchown(directory, uid_t(entry.uid), gid_t(entry.gid)) == 0 else { throw failure(entry, "chown", errno) }
            }
            guard fchmod(directory, mode_t(entry.mode)) == 0 else { throw failure(entry, "chmod", errno) }
            for name in entry.xattrs.keys.sorted() where !name.hasPrefix("trusted.overlay.") {
                if let code = LayerXattr.set(descriptor: directory, name, entry.xattrs[name] ?? []) {
                    try xattrFailed(entry, name, code)
                }
            }
            var times = [Self.timespec(entry.modificationTime), Self.timespec(entry.modificationTime)]
            guard futimens(directory, &times) == 0 else { throw failure(entry, "set times of", errno) }
        }
        directories.removeAll()
    }

    // MARK: Entries

    private func begin(_ entry: TarEntry) throws(EngineError) {
        guard let components = Self.components(entry.path) else { throw escape(entry) }
        guard let name = components.last else {
            // "./": the layer root itself.
            guard entry.type == .directory else { throw invalid(entry, "the layer root must be a directory") }
            directories.append(([], entry))
            return
        }
        let parentComponents = components.dropLast()
        if name.hasPrefix(Self.whiteoutPrefix) {
            try whiteout(entry, parentComponents: parentComponents, name: name)
            return
        }
        let parent = try openParent(entry, parentComponents)
        var keepParent = false
        defer { if !keepParent, parent != root { _ = Foundation.close(parent) } }
        let existing = LayerDirectory.kind(at: parent, name)
        if let existing, !(existing == S_IFDIR && entry.type == .directory) {
            try removeExisting(entry, parent: parent, name: name, isDirectory: existing == S_IFDIR, components: components)
        }
        switch entry.type {
        case .directory:
            if existing != S_IFDIR, mkdirat(parent, name, 0o700) != 0 { throw failure(entry, "mkdir", errno) }
            directories.append((components, entry))
        case .file:
            let file = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard file >= 0 else { throw failure(entry, "create", errno) }
            current = (file, parent == root ? dup(root) : parent, name, entry)
            keepParent = parent != root
        case .symlink:
            guard symlinkat(entry.linkTarget, parent, name) == 0 else { throw failure(entry, "symlink", errno) }
            try applyMetadata(entry, parent: parent, name: name, isSymlink: true)
        case .hardlink:
            try hardlink(entry, parent: parent, name: name)
        case .characterDevice, .blockDevice:
            guard isRoot else {
                notes.append("skipped \(entry.type) '\(entry.path)' (not root)")
                return
            }
            let kind = entry.type == .characterDevice ? S_IFCHR : S_IFBLK
            let device = LayerDirectory.makeDevice(major: entry.deviceMajor, minor: entry.deviceMinor)
            guard mknodat(parent, name, kind | mode_t(entry.mode & 0o777), device) == 0 else { throw failure(entry, "mknod", errno) }
            try applyMetadata(entry, parent: parent, name: name, isSymlink: false)
        case .fifo:
            guard mknodat(parent, name, S_IFIFO | 0o600, 0) == 0 else { throw failure(entry, "mkfifo", errno) }
            try applyMetadata(entry, parent: parent, name: name, isSymlink: false)
        }
    }

    /// `.wh.<name>` becomes a 0/0 character device named `<name>`; `.wh..wh..opq` marks its directory opaque.
    private func whiteout(_ entry: TarEntry, parentComponents: ArraySlice<String>, name: String) throws(EngineError) {
        if name != Self.opaqueMarker, name.hasPrefix(Self.whiteoutPrefix + Self.whiteoutPrefix) {
            return // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): meaningless for overlayfs
        }
        let parent = try openParent(entry, parentComponents)
        defer { if parent != root { _ = Foundation.close(parent) } }
        if name == Self.opaqueMarker {
            if let code = LayerXattr.set(descriptor: parent, Self.opaqueXattr, Array("y".utf8)) {
                guard isRoot else {
                    notes.append("opaque directory '\(parentComponents.joined(separator: "/"))' not marked (not root)")
                    return
                }
                throw failure(entry, "mark opaque", code)
            }
            return
        }
        let hidden = String(name.dropFirst(Self.whiteoutPrefix.count))
        guard !hidden.isEmpty, hidden != ".", hidden != ".." else { throw escape(entry) }
        if let existing = LayerDirectory.kind(at: parent, hidden) {
            try removeExisting(entry, parent: parent, name: hidden, isDirectory: existing == S_IFDIR,
                               components: Array(parentComponents) + [hidden])
        }
        guard mknodat(parent, hidden, S_IFCHR, 0) == 0 else {
            if !isRoot {
                notes.append("whiteout '\(entry.path)' not created (not root)")
                return
            }
            throw failure(entry, "create whiteout for", errno)
        }
    }

    private func hardlink(_ entry: TarEntry, parent: Int32, name: String) throws(EngineError) {
        guard let target = Self.components(entry.linkTarget), let targetName = target.last else { throw escape(entry) }
        let targetParent: Int32
        switch LayerDirectory.walk(from: root, target.dropLast(), create: false) {
        case .success(let descriptor): targetParent = descriptor
        case .failure(.symlink): throw escape(entry)
        case .failure: throw invalid(entry, "hardlink target '\(entry.linkTarget)' is not in the layer")
        }
        defer { if targetParent != root { _ = Foundation.close(targetParent) } }
        guard let kind = LayerDirectory.kind(at: targetParent, targetName) else {
            throw invalid(entry, "hardlink target '\(entry.linkTarget)' is not in the layer")
        }
        guard kind != S_IFDIR else { throw invalid(entry, "hardlink target '\(entry.linkTarget)' is a directory") }
        // Flags 0: a symlink target is linked itself, never followed.
        guard linkat(targetParent, targetName, parent, name, 0) == 0 else { throw failure(entry, "hardlink", errno) }
    }

    // MARK: Helpers

    private func openParent(_ entry: TarEntry, _ components: ArraySlice<String>) throws(EngineError) -> Int32 {
        switch LayerDirectory.walk(from: root, components, create: true, created: inheritFromLowers) {
        case .success(let descriptor): return descriptor
        case .failure(.symlink): throw escape(entry)
        case .failure(.notDirectory(let component)): throw invalid(entry, "'\(component)' is not a directory")
        case .failure(.missing(let component)): throw invalid(entry, "'\(component)' is missing")
        case .failure(.system(let component, let code)): throw failure(entry, "open '\(component)' for", code)
        }
    }

    /// Queues the metadata of the same directory in the nearest lower layer for an implied directory.
    private func inheritFromLowers(_ components: ArraySlice<String>) {
        guard let name = components.last else { return }
        for lower in lowers {
            let descriptor = open(lower, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { _ = Foundation.close(descriptor) }
            guard case .success(let parent) = LayerDirectory.walk(from: descriptor, components.dropLast(), create: false) else {
                continue
            }
            defer { if parent != descriptor { _ = Foundation.close(parent) } }
            var info = stat()
            guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            // Anything but a directory (a whiteout, a file) means the lower directory is not visible.
            guard info.st_mode & S_IFMT == S_IFDIR else { return }
            directories.append((Array(components), TarEntry(
                path: components.joined(separator: "/"), type: .directory, mode: UInt32(info.st_mode & 0o7777),
                uid: Int(info.st_uid), gid: Int(info.st_gid), modificationTime: Int64(info.st_mtim.tv_sec)
            )))
            return
        }
    }

    private func removeExisting(_ entry: TarEntry, parent: Int32, name: String, isDirectory: Bool, components: [String]) throws(EngineError) {
        if isDirectory {
            // Parents were just opened without following symlinks, so this path stays inside the layer.
            do {
                try FileManager.default.removeItem(atPath: rootPath + "/" + components.joined(separator: "/"))
            } catch {
                throw EngineError(.internalError, "layer \(layer): entry '\(entry.path)': cannot replace directory: \(error)")
            }
        } else if unlinkat(parent, name, 0) != 0 {
            throw failure(entry, "replace", errno)
        }
    }

    private func write(_ bytes: ArraySlice<UInt8>, to file: Int32, entry: TarEntry) throws(EngineError) {
        var offset = 0
        let code: Int32? = bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Foundation.write(file, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code { throw failure(entry, "write", code) }
    }

    /// Owner (root only), mode (after chown, which clears setuid), xattrs, then times.
    private func applyMetadata(_ entry: TarEntry, parent: Int32, name: String, isSymlink: Bool) throws(EngineError) {
        if isRoot {
            guard fchownat(parent, name, uid_t(entry.uid), gid_t(entry.gid), AT_SYMLINK_NOFOLLOW) == 0 else {
                throw failure(entry, "chown", errno)
            }
        } else if entry.uid != Int(geteuid()) || entry.gid != Int(getegid()) {
            if !notes.contains(where: { $0.hasPrefix("owners") }) { notes.append("owners not preserved (not root)") }
        }
        if !isSymlink {
            guard fchmodat(parent, name, mode_t(entry.mode), 0) == 0 else { throw failure(entry, "chmod", errno) }
        }
        if !entry.xattrs.isEmpty {
            let path = "/proc/self/fd/\(parent)/\(name)"
            for key in entry.xattrs.keys.sorted() where !key.hasPrefix("trusted.overlay.") {
                if let code = LayerXattr.set(path, key, entry.xattrs[key] ?? []) { try xattrFailed(entry, key, code) }
            }
        }
        var times = [Self.timespec(entry.modificationTime), Self.timespec(entry.modificationTime)]
        guard utimensat(parent, name, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw failure(entry, "set times of", errno) }
    }

    private func xattrFailed(_ entry: TarEntry, _ name: String, _ code: Int32) throws(EngineError) {
        if isRoot, code != ENOTSUP { throw failure(entry, "set xattr \(name) on", code) }
        notes.append("xattr \(name) on '\(entry.path)' not set: \(LayerDirectory.errorText(code))")
    }

    /// The path's components without "." and empty ones; nil for absolute paths and any "..".
    static func components(_ path: String) -> [String]? {
        guard !path.hasPrefix("/") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        guard !parts.contains(".."), !parts.contains(where: { $0.utf8.contains(0) }) else { return nil }
        return parts
    }

    private static func timespec(_ seconds: Int64) -> Foundation.timespec {
        Foundation.timespec(tv_sec: Int(seconds), tv_nsec: 0)
    }

    private func escape(_ entry: TarEntry) -> EngineError {
        EngineError(.invalidArgument, "layer \(layer): entry '\(entry.path)': path escapes the layer")
    }

    private func invalid(_ entry: TarEntry, _ reason: String) -> EngineError {
        EngineError(.invalidArgument, "layer \(layer): entry '\(entry.path)': \(reason)")
    }

    private func failure(_ entry: TarEntry, _ action: String, _ code: Int32) -> EngineError {
        EngineError(.internalError, "layer \(layer): entry '\(entry.path)': cannot \(action) it: \(LayerDirectory.errorText(code))")
    }
}
