/// Writes a tar stream: ustar headers, with a PAX extended header before an entry when something does not
/// fit ustar (names over 100 bytes or not ASCII, large sizes or ids, long or non-ASCII owner names, times
/// before 1970, extended attributes). Output is deterministic: the same entries give the same bytes.
/// Blocks go to `output` as they are made, so a large file is never held whole. Used by one task at a time.
public final class TarWriter {
    private let output: ([UInt8]) throws -> Void
    /// Data bytes the current file entry still expects.
    private var remaining: Int64 = 0
    private var written: Int64 = 0

    /// `output` receives the archive in pieces; its errors propagate out of the writing calls.
    public init(output: @escaping ([UInt8]) throws -> Void) {
        self.output = output
    }

    /// Writes the headers of `entry`. A file with `size > 0` must be followed by exactly `size` bytes of
    /// `writeData`. Directory paths get a trailing "/"; non-file entries get size 0.
    public func writeHeader(_ entry: TarEntry) throws {
        guard remaining == 0 else {
            throw TarError(.malformed, "entry '\(entry.path)' started while the previous entry lacks \(remaining) bytes of data")
        }
        var entry = entry
        if entry.type == .directory, !entry.path.hasSuffix("/") { entry.path += "/" }
        if entry.type != .file { entry.size = 0 }
        let blocks = try Self.headerBlocks(entry)
        try output(blocks)
        remaining = entry.size
        written = entry.size
    }

    /// Part of the current file's data.
    public func writeData(_ bytes: [UInt8]) throws {
        guard Int64(bytes.count) <= remaining else {
            throw TarError(.malformed, "\(bytes.count) bytes of data exceed the entry's declared size")
        }
        if bytes.isEmpty { return }
        try output(bytes)
        remaining -= Int64(bytes.count)
        if remaining == 0 { try pad(written) }
    }

    /// A whole entry; for a file, `data` sets its size.
    public func write(_ entry: TarEntry, data: [UInt8] = []) throws {
        var entry = entry
        if entry.type == .file { entry.size = Int64(data.count) }
        try writeHeader(entry)
        try writeData(data)
    }

    /// Two zero blocks end the archive.
    public func finish() throws {
        guard remaining == 0 else { throw TarError(.malformed, "archive finished while an entry lacks \(remaining) bytes of data") }
        try output([UInt8](repeating: 0, count: 1024))
    }

    // MARK: Conveniences for archives of plain files (build contexts)

    public func addDirectory(_ path: String, mode: UInt32, modificationTime: Int64) throws {
        try write(TarEntry(path: path, type: .directory, mode: mode, modificationTime: modificationTime))
    }

    public func addSymlink(_ path: String, target: String, mode: UInt32 = 0o777, modificationTime: Int64) throws {
        try write(TarEntry(path: path, type: .symlink, mode: mode, modificationTime: modificationTime, linkTarget: target))
    }

    public func addFile(_ path: String, contents: [UInt8], mode: UInt32 = 0o644, modificationTime: Int64 = 0) throws {
        try write(TarEntry(path: path, type: .file, mode: mode, modificationTime: modificationTime), data: contents)
    }

    /// A file of `size` bytes read by `read` in chunks. An empty chunk means the file ended early: the rest
    /// is zeros so the archive stays consistent with its header; extra bytes are dropped.
    public func addFile(_ path: String, size: Int64, mode: UInt32, modificationTime: Int64, read: () throws -> [UInt8]) throws {
        try writeHeader(TarEntry(path: path, type: .file, mode: mode, modificationTime: modificationTime, size: size))
        while remaining > 0 {
            var chunk = try read()
            if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: Int(min(remaining, 65_536))) }
            if Int64(chunk.count) > remaining { chunk = Array(chunk.prefix(Int(remaining))) }
            try writeData(chunk)
        }
    }

    private func pad(_ size: Int64) throws {
        let rest = Int(size % 512)
        if rest != 0 { try output([UInt8](repeating: 0, count: 512 - rest)) }
    }
}
