import EngineAPI
import Foundation
import TarArchive

extension LayerStore {
    /// Makes a layer from an overlay upper dir: a tar of its entries in byte-sorted order (0/0 character
    /// devices → `.wh.<name>`, opaque directories → the directory plus `.wh..wh..opq`, hardlinked files →
    /// hardlink entries, owners, modes, `security.*`/`user.*` xattrs kept, overlay's own xattrs dropped),
    /// gzipped into `output`. Returns the tar's digest (diffID), the gzip's digest and size.
    public func diff(upper: String, to output: String) throws(EngineError) -> (diffID: Digest, digest: Digest, size: Int64) {
        let temporary = output + ".tmp-" + UUID().uuidString
        var done = false
        defer { if !done { unlink(temporary) } }
        let sink = try LayerGzipSink(path: temporary)
        let writer = TarWriter { try sink.write($0) }
        var walker = LayerDiffWalker(upper: upper, writer: writer)
        let result: (diffID: Digest, digest: Digest)
        do {
            try walker.walk("")
            try writer.finish()
            result = try sink.finish()
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.internalError, "layer diff of \(upper): \(error)")
        }
        guard rename(temporary, output) == 0 else {
            throw EngineError(.internalError, "layer diff: cannot write \(output): \(LayerDirectory.errorText(errno))")
        }
        done = true
        return (result.diffID, result.digest, sink.compressedSize)
    }
}

/// The directory walk behind `LayerStore.diff`.
struct LayerDiffWalker {
    let upper: String
    let writer: TarWriter
    /// The first archive path of each multiply linked inode, for hardlink entries.
    private var links: [String: String] = [:]

    init(upper: String, writer: TarWriter) {
        self.upper = upper
        self.writer = writer
    }

    /// Writes the entries below `relative` ("" for the upper dir itself, which gets no entry).
    mutating func walk(_ relative: String) throws {
        let directory = relative.isEmpty ? upper : upper + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EngineError(.internalError, "layer diff: cannot list \(directory): \(error)")
        }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = relative.isEmpty ? name : relative + "/" + name
            try add(path)
        }
    }

    private mutating func add(_ path: String) throws {
        let full = upper + "/" + path
        var info = stat()
        guard lstat(full, &info) == 0 else {
            throw EngineError(.internalError, "layer diff: cannot stat \(full): \(LayerDirectory.errorText(errno))")
        }
        var entry = TarEntry(path: path, type: .file, mode: UInt32(info.st_mode & 0o7777), uid: Int(info.st_uid), gid: Int(info.st_gid),
                             modificationTime: Int64(info.st_mtim.tv_sec), xattrs: Self.xattrs(full))
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            entry.type = .directory
            try writer.writeHeader(entry)
            if LayerXattr.get(full, LayerExtractor.opaqueXattr) == Array("y".utf8) {
                try writer.writeHeader(TarEntry(path: path + "/" + LayerExtractor.opaqueMarker, type: .file, mode: entry.mode & 0o777,
                                                uid: entry.uid, gid: entry.gid, modificationTime: entry.modificationTime))
            }
            try walk(path)
            return
        case S_IFCHR where info.st_rdev == 0:
            let slash = path.lastIndex(of: "/")
            let parent = slash.map { String(path[..<$0]) + "/" } ?? ""
            let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
            try writer.writeHeader(TarEntry(path: parent + LayerExtractor.whiteoutPrefix + base, type: .file, mode: 0o600,
                                            uid: entry.uid, gid: entry.gid, modificationTime: entry.modificationTime))
            return
        case S_IFREG:
            if info.st_nlink > 1 {
                let key = "\(info.st_dev):\(info.st_ino)"
                if let first = links[key] {
                    entry.type = .hardlink
                    entry.linkTarget = first
                    try writer.writeHeader(entry)
                    return
                }
                links[key] = path
            }
            entry.size = Int64(info.st_size)
            try writer.writeHeader(entry)
            try copyData(full, size: entry.size)
        case S_IFLNK:
            entry.type = .symlink
            do {
                entry.linkTarget = try FileManager.default.destinationOfSymbolicLink(atPath: full)
            } catch {
                throw EngineError(.internalError, "layer diff: cannot read link \(full): \(error)")
            }
            try writer.writeHeader(entry)
        case S_IFCHR, S_IFBLK:
            entry.type = info.st_mode & S_IFMT == S_IFCHR ? .characterDevice : .blockDevice
            entry.deviceMajor = LayerDirectory.major(info.st_rdev)
            entry.deviceMinor = LayerDirectory.minor(info.st_rdev)
            try writer.writeHeader(entry)
        case S_IFIFO:
            entry.type = .fifo
            try writer.writeHeader(entry)
        default:
            return // sockets do not belong in images
        }
    }

    /// Streams a file's bytes; a file that shrank meanwhile is padded with zeros to its recorded size.
    private func copyData(_ path: String, size: Int64) throws {
        let file = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else { throw EngineError(.internalError, "layer diff: cannot open \(path): \(LayerDirectory.errorText(errno))") }
        defer { close(file) }
        var remaining = size
        while remaining > 0 {
            var chunk = try LayerBlobReader.readChunk(file, path: path, layer: "diff")
            if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: Int(min(remaining, 65_536))) }
            if Int64(chunk.count) > remaining { chunk = Array(chunk.prefix(Int(remaining))) }
            try writer.writeData(chunk)
            remaining -= Int64(chunk.count)
        }
    }

    /// `security.*` and `user.*` attributes; overlayfs bookkeeping (`trusted.overlay.*`) and the rest stay out.
    static func xattrs(_ path: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in LayerXattr.list(path) where name.hasPrefix("security.") || name.hasPrefix("user.") {
            if let value = LayerXattr.get(path, name) { result[name] = value }
        }
        return result
    }
}
