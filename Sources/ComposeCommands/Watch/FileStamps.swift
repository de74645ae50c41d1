import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a cheap `stat` says about a file: enough to see a save (mtime or size change, or a new inode when an
/// editor writes a temporary file and renames it over the old one) without reading it.
struct FileStamp: Sendable, Hashable {
    var modified: Int64
    var size: Int64
    var inode: UInt64
    var isDirectory: Bool

    static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return FileStamp(modified: modified, size: Int64(info.st_size), inode: UInt64(info.st_ino),
                         isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }
}

/// Stamps of a set of paths; a directory contributes every file below it (`develop.watch` paths), except what
/// `skip` rejects (so an ignored `node_modules` is never walked).
struct FileSnapshot: Sendable, Equatable {
    var stamps: [String: FileStamp] = [:]

    static func take(_ roots: [String], skip: (String) -> Bool = { _ in false }) -> FileSnapshot {
        var snapshot = FileSnapshot()
        for root in roots {
            guard let stamp = FileStamp.of(root) else { continue }
            snapshot.stamps[root] = stamp
            if stamp.isDirectory { walk(root, into: &snapshot, skip: skip) }
        }
        return snapshot
    }

    private static func walk(_ directory: String, into snapshot: inout FileSnapshot, skip: (String) -> Bool) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            let path = directory + "/" + name
            if skip(path) { continue }
            guard let stamp = FileStamp.of(path) else { continue }
            snapshot.stamps[path] = stamp
            if stamp.isDirectory { walk(path, into: &snapshot, skip: skip) }
        }
    }

    /// Paths added, removed or changed since `old` (directories only when they appear or disappear: their
    /// own mtime moves with every file created inside, which is reported as the file).
    func changes(since old: FileSnapshot) -> [String] {
        var changed: [String] = []
        for (path, stamp) in stamps {
            guard let before = old.stamps[path] else { changed.append(path); continue }
            if stamp.isDirectory { continue }
            if before != stamp { changed.append(path) }
        }
        for path in old.stamps.keys where stamps[path] == nil { changed.append(path) }
        return changed.sorted()
    }
}
