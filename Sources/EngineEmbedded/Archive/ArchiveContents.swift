import EngineAPI
import Foundation

/// What an archive (a tar or a directory) held, once every file is in the content store: paths map to
/// stored blobs; small metadata files (manifest.json, index.json, …) stay in memory; links are kept as
/// paths to resolve inside the archive only.
struct ArchiveContents {
    struct StoredFile: Hashable {
        var digest: Digest
        var size: Int64
    }

    var files: [String: StoredFile] = [:]
    var metadata: [String: [UInt8]] = [:]
    var links: [String: String] = [:]

    /// Files read into memory rather than stored.
    static let metadataNames: Set<String> = ["manifest.json", "index.json", "oci-layout", "repositories"]

    /// `path` with `./`, leading slashes, empty and `.` components removed and `..` applied; nil when it
    /// climbs out of the archive.
    static func normalise(_ path: String) -> String? {
        var parts = [Substring]()
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The link target as an archive path: symlinks are relative to the link's directory (or the archive
    /// root when absolute), hardlinks name an archive path.
    static func linkTarget(of path: String, target: String, symbolic: Bool) -> String? {
        guard symbolic, !target.hasPrefix("/") else { return normalise(target) }
        let directory = (path as NSString).deletingLastPathComponent
        return normalise(directory.isEmpty ? target : "\(directory)/\(target)")
    }

    /// The stored file a path names, following links inside the archive.
    func file(_ path: String) -> StoredFile? {
        guard var current = Self.normalise(path) else { return nil }
        for _ in 0..<16 {
            if let file = files[current] { return file }
            guard let next = links[current] else { return nil }
            current = next
        }
        return nil
    }

    func metadataFile(_ name: String) -> [UInt8]? { metadata[name] }
}
