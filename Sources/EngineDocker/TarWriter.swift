import Foundation

/// Writes a tar stream in the ustar format, with a PAX extended header before an entry whose name or link
/// target does not fit ustar (longer than 100 bytes, or not ASCII) or whose size exceeds ustar's 8 GiB.
/// Owner and group are always 0 and root, like the context `docker build` sends. Blocks go to `output` as
/// they are made, so a large file is never held whole.
struct TarWriter {
    enum EntryType: UInt8 {
        case file = 48 // "0"
        case symlink = 50 // "2"
        case directory = 53 // "5"
        case paxHeader = 120 // "x"
    }

    struct Entry {
        var path: String
        var type: EntryType
        var mode: UInt32
        var modificationTime: Int64
        var size: Int64 = 0
        var linkTarget = ""
    }

    private let output: ([UInt8]) throws -> Void

    init(output: @escaping ([UInt8]) throws -> Void) {
        self.output = output
    }

    func addDirectory(_ path: String, mode: UInt32, modificationTime: Int64) throws {
        let name = path.hasSuffix("/") ? path : path + "/"
        try writeHeader(Entry(path: name, type: .directory, mode: mode, modificationTime: modificationTime))
    }

    func addSymlink(_ path: String, target: String, mode: UInt32 = 0o777, modificationTime: Int64) throws {
        try writeHeader(Entry(path: path, type: .symlink, mode: mode, modificationTime: modificationTime, linkTarget: target))
    }

    func addFile(_ path: String, contents: [UInt8], mode: UInt32 = 0o644, modificationTime: Int64 = 0) throws {
        try writeHeader(Entry(path: path, type: .file, mode: mode, modificationTime: modificationTime, size: Int64(contents.count)))
        try output(contents)
        try pad(Int64(contents.count))
    }

    /// A file of `size` bytes read by `read` in chunks (an empty chunk: the file ended early, the rest is
    /// zeros so the archive stays consistent with its header).
    func addFile(_ path: String, size: Int64, mode: UInt32, modificationTime: Int64, read: () throws -> [UInt8]) throws {
        try writeHeader(Entry(path: path, type: .file, mode: mode, modificationTime: modificationTime, size: size))
        var written: Int64 = 0
        while written < size {
            var chunk = try read()
            if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: Int(min(size - written, 65_536))) }
            if Int64(chunk.count) > size - written { chunk = Array(chunk.prefix(Int(size - written))) }
            try output(chunk)
            written += Int64(chunk.count)
        }
        try pad(size)
    }

    /// Two zero blocks end the archive.
    func finish() throws {
        try output([UInt8](repeating: 0, count: 1024))
    }

    private func pad(_ size: Int64) throws {
        let rest = Int(size % 512)
        if rest != 0 { try output([UInt8](repeating: 0, count: 512 - rest)) }
    }

    private static let ustarSizeLimit: Int64 = 0o77777777777

    private func writeHeader(_ entry: Entry) throws {
        var records: [(String, String)] = []
        if !Self.fitsUstar(entry.path) { records.append(("path", entry.path)) }
        if !Self.fitsUstar(entry.linkTarget) { records.append(("linkpath", entry.linkTarget)) }
        if entry.size > Self.ustarSizeLimit { records.append(("size", String(entry.size))) }
        if !records.isEmpty {
            let pax = Self.paxRecords(records)
            let name = "PaxHeaders.0/" + String(decoding: Self.asciiPrefix(Self.baseName(entry.path), limit: 80), as: UTF8.self)
            try output(Self.header(Entry(path: name, type: .paxHeader, mode: 0o644, modificationTime: entry.modificationTime,
                                         size: Int64(pax.count))))
            try output(pax)
            try pad(Int64(pax.count))
        }
        try output(Self.header(entry))
    }

    static func fitsUstar(_ text: String) -> Bool {
        text.utf8.count <= 100 && text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// `"%d %s=%s\n"` where the leading length counts the whole record, its own digits included.
    static func paxRecords(_ records: [(String, String)]) -> [UInt8] {
        var result: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).count + body.utf8.count > length { length += 1 }
            result += Array("\(length)\(body)".utf8)
        }
        return result
    }

    /// One 512-byte ustar header; names that do not fit are cut (a PAX record carries the real one).
    static func header(_ entry: Entry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: some Sequence<UInt8>, at offset: Int, width: Int) {
            for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            let padded = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            put(padded.utf8, at: offset, width: width - 1)
        }
        put(asciiPrefix(entry.path, limit: 100), at: 0, width: 100)
        octal(Int64(entry.mode & 0o7777), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(entry.size > ustarSizeLimit ? 0 : entry.size, at: 124, width: 12)
        octal(max(0, entry.modificationTime), at: 136, width: 12)
        block[156] = entry.type.rawValue
        put(asciiPrefix(entry.linkTarget, limit: 100), at: 157, width: 100)
        put("ustar\u{0}00".utf8, at: 257, width: 8)
        put("root".utf8, at: 265, width: 32)
        put("root".utf8, at: 297, width: 32)
        octal(0, at: 329, width: 8)
        octal(0, at: 337, width: 8)
        // The checksum is computed with its own field as spaces, then written as six digits, NUL, space.
        put([UInt8](repeating: 0x20, count: 8), at: 148, width: 8)
        let sum = block.reduce(0) { $0 + Int64($1) }
        octal(sum, at: 148, width: 7)
        block[154] = 0
        block[155] = 0x20
        return block
    }

    static func asciiPrefix(_ text: String, limit: Int) -> [UInt8] {
        Array(text.utf8.map { $0 < 0x80 ? $0 : UInt8(ascii: "_") }.prefix(limit))
    }

    static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
