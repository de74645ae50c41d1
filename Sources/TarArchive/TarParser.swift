/// What the push parser reports, in stream order: an entry, its data in zero or more chunks, its end.
public enum TarEvent {
    case entry(TarEntry)
    /// A piece of the current entry's data (a slice of the bytes just fed, not copied).
    case data(ArraySlice<UInt8>)
    case entryEnd
}

/// A push-style tar parser: feed it bytes in pieces of any size (straight from a decompressor) and it calls
/// back with entries and their data as soon as they are complete. Only headers and metadata entries (PAX,
/// GNU long names, bounded by `metadataLimit`) are buffered, never file data.
public struct TarParser {
    private enum State {
        case header
        /// A metadata entry's content being collected (PAX local/global, GNU long name/link).
        case metadata(flag: UInt8, remaining: Int, padding: Int)
        case data(remaining: Int64, padding: Int)
        case padding(remaining: Int)
        /// After the end-of-archive zero block: everything else is ignored.
        case end
    }

    public static let metadataLimit = 16 << 20

    private var state = State.header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    private var globalRecords: [String: [UInt8]] = [:]
    private var localRecords: [String: [UInt8]] = [:]
    private var longName: String?
    private var longLink: String?
    /// The path of the last entry, for error messages.
    private var lastPath = ""

    public init() {}

    /// Whether the end-of-archive marker has been read.
    public var isFinished: Bool {
        if case .end = state { return true }
        return false
    }

    /// Consumes `bytes`, calling `handler` for each event they complete. Errors are `TarError`, or whatever
    /// `handler` throws.
    public mutating func feed(_ bytes: [UInt8], _ handler: (TarEvent) throws -> Void) throws {
        try feed(bytes[...], handler)
    }

    public mutating func feed(_ bytes: ArraySlice<UInt8>, _ handler: (TarEvent) throws -> Void) throws {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch state {
            case .end:
                return
            case .header:
                let take = min(TarHeaderBlock.size - block.count, bytes.endIndex - index)
                block += bytes[index..<(index + take)]
                index += take
                if block.count == TarHeaderBlock.size {
                    let header = block
                    block.removeAll(keepingCapacity: true)
                    try processHeader(header[...], handler)
                }
            case .metadata(let flag, let remaining, let padding):
                let take = min(remaining, bytes.endIndex - index)
                metadata += bytes[index..<(index + take)]
                index += take
                if take == remaining {
                    try processMetadata(flag)
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .metadata(flag: flag, remaining: remaining - take, padding: padding)
                }
            case .data(let remaining, let padding):
                let take = Int(min(remaining, Int64(bytes.endIndex - index)))
                try handler(.data(bytes[index..<(index + take)]))
                index += take
                if Int64(take) == remaining {
                    try handler(.entryEnd)
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .data(remaining: remaining - Int64(take), padding: padding)
                }
            case .padding(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                index += take
                state = take == remaining ? .header : .padding(remaining: remaining - take)
            }
        }
    }

    /// Call when the source is exhausted: fails when the stream stopped inside a header or an entry. An
    /// archive without the zero blocks is accepted when it ends on an entry boundary (as Go and Python do).
    public func finish() throws(TarError) {
        switch state {
        case .end:
            return
        case .header where block.isEmpty && metadata.isEmpty && longName == nil && longLink == nil && localRecords.isEmpty:
            return
        default:
            throw TarError(.truncated, "archive ends in the middle of an entry (after '\(lastPath)')")
        }
    }

    // MARK: Headers

    private mutating func processHeader(_ header: ArraySlice<UInt8>, _ handler: (TarEvent) throws -> Void) throws {
        if header.allSatisfy({ $0 == 0 }) {
            state = .end
            return
        }
        let rawName = TarHeaderBlock.string(header, TarHeaderBlock.Field.name)
        guard TarHeaderBlock.checksumMatches(header) else {
            throw TarError(.badChecksum, "header checksum mismatch at entry '\(String(decoding: rawName, as: UTF8.self))' (after '\(lastPath)')")
        }
        let flag = header[header.startIndex + TarHeaderBlock.Field.typeFlag]
        guard let size = TarHeaderBlock.number(header, TarHeaderBlock.Field.size), size >= 0 else {
            throw TarError(.malformed, "invalid size field at entry '\(String(decoding: rawName, as: UTF8.self))'")
        }
        switch flag {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard size <= Int64(Self.metadataLimit) else {
                throw TarError(.unsupported, "metadata entry of \(size) bytes is larger than \(Self.metadataLimit)")
            }
            metadata.removeAll(keepingCapacity: true)
            let padding = Self.padding(size)
            if size == 0 {
                try processMetadata(flag)
            } else {
                state = .metadata(flag: flag, remaining: Int(size), padding: padding)
            }
            return
        default:
            break
        }
        var entry = try makeEntry(header, flag: flag, size: size)
        try applyOverrides(&entry)
        // Pre-POSIX archives mark directories by a trailing slash on an old-style ('\0') regular entry.
        if flag == 0, entry.path.hasSuffix("/") { entry.type = .directory }
        lastPath = entry.path
        if !entry.type.hasData { entry.size = 0 }
        let dataSize = entry.size
        // Header-only types may still carry a size in old archives; that data is skipped, not delivered.
        let skipped = entry.type.hasData ? 0 : size
        try handler(.entry(entry))
        if dataSize > 0 {
            state = .data(remaining: dataSize, padding: Self.padding(dataSize))
        } else {
            try handler(.entryEnd)
            let skip = skipped + Int64(Self.padding(skipped))
            state = skip > 0 ? .padding(remaining: Int(skip)) : .header
        }
    }

    private func makeEntry(_ header: ArraySlice<UInt8>, flag: UInt8, size: Int64) throws(TarError) -> TarEntry {
        typealias F = TarHeaderBlock.Field
        var name = TarHeaderBlock.string(header, F.name)
        let magic = Array(header[(header.startIndex + F.magic.offset)..<(header.startIndex + F.magic.offset + 6)])
        let isPOSIX = magic == Array("ustar\u{0}".utf8)
        let isGNU = magic == Array("ustar ".utf8)
        // Only POSIX ustar has a prefix field; old GNU keeps access/change times there.
        if isPOSIX {
            let prefix = TarHeaderBlock.string(header, F.prefix)
            if !prefix.isEmpty { name = prefix + [UInt8(ascii: "/")] + name }
        }
        let path = String(decoding: name, as: UTF8.self)
        let type: TarEntryType
        switch flag {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
            type = .file
        case UInt8(ascii: "1"): type = .hardlink
        case UInt8(ascii: "2"): type = .symlink
        case UInt8(ascii: "3"): type = .characterDevice
        case UInt8(ascii: "4"): type = .blockDevice
        case UInt8(ascii: "5"): type = .directory
        case UInt8(ascii: "6"): type = .fifo
        case UInt8(ascii: "S"):
            throw TarError(.unsupported, "entry '\(path)': sparse files are not supported")
        default:
            let shown = (0x21...0x7e).contains(flag) ? String(UnicodeScalar(flag)) : "\\\(flag)"
            throw TarError(.unsupported, "entry '\(path)': unsupported entry type '\(shown)'")
        }
        func number(_ field: (offset: Int, width: Int), _ label: String) throws(TarError) -> Int64 {
            // Empty numeric fields occur in some writers' device fields; they mean 0.
            guard let value = TarHeaderBlock.number(header, field) else {
                throw TarError(.malformed, "entry '\(path)': invalid \(label) field")
            }
            return value
        }
        let hasDevices = isPOSIX || isGNU
        return TarEntry(
            path: path,
            type: type,
            mode: UInt32(truncatingIfNeeded: try number(F.mode, "mode")) & 0o7777,
            uid: Int(try number(F.uid, "uid")),
            gid: Int(try number(F.gid, "gid")),
            userName: String(decoding: TarHeaderBlock.string(header, F.userName), as: UTF8.self),
            groupName: String(decoding: TarHeaderBlock.string(header, F.groupName), as: UTF8.self),
            modificationTime: try number(F.mtime, "mtime"),
            size: size,
            linkTarget: String(decoding: TarHeaderBlock.string(header, F.linkName), as: UTF8.self),
            deviceMajor: hasDevices ? UInt32(truncatingIfNeeded: try number(F.deviceMajor, "devmajor")) : 0,
            deviceMinor: hasDevices ? UInt32(truncatingIfNeeded: try number(F.deviceMinor, "devminor")) : 0
        )
    }

    // MARK: Metadata entries

    private mutating func processMetadata(_ flag: UInt8) throws(TarError) {
        switch flag {
        case UInt8(ascii: "L"):
            longName = String(decoding: metadata.prefix { $0 != 0 }, as: UTF8.self)
        case UInt8(ascii: "K"):
            longLink = String(decoding: metadata.prefix { $0 != 0 }, as: UTF8.self)
        case UInt8(ascii: "g"):
            for (key, value) in try TarPAX.parse(metadata) {
                // An empty global value deletes the key.
                if value.isEmpty { globalRecords[key] = nil } else { globalRecords[key] = value }
            }
        default:
            for (key, value) in try TarPAX.parse(metadata) { localRecords[key] = value }
        }
        metadata.removeAll(keepingCapacity: true)
    }

    /// Merges global PAX, local PAX and GNU long names into the entry, then forgets the local ones.
    private mutating func applyOverrides(_ entry: inout TarEntry) throws(TarError) {
        defer {
            localRecords.removeAll()
            longName = nil
            longLink = nil
        }
        if let longName { entry.path = longName }
        if let longLink { entry.linkTarget = longLink }
        var records = globalRecords
        for (key, value) in localRecords { records[key] = value }
        for key in records.keys.sorted() {
            guard let value = records[key] else { continue }
            let text = String(decoding: value, as: UTF8.self)
            func integer() throws(TarError) -> Int64 {
                guard let number = Int64(text) else {
                    throw TarError(.malformed, "entry '\(entry.path)': invalid PAX \(key) '\(text)'")
                }
                return number
            }
            switch key {
            case "path": if !value.isEmpty { entry.path = text }
            case "linkpath": if !value.isEmpty { entry.linkTarget = text }
            case "size": entry.size = try integer()
            case "uid": entry.uid = Int(try integer())
            case "gid": entry.gid = Int(try integer())
            case "uname": entry.userName = text
            case "gname": entry.groupName = text
            case "mtime":
                // "1700000000.123456789": whole seconds, rounded towards negative infinity.
                let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard let seconds = parts.first.flatMap({ Int64($0) }) else {
                    throw TarError(.malformed, "entry '\(entry.path)': invalid PAX mtime '\(text)'")
                }
                let fractional = parts.count > 1 && parts[1].contains { $0 != "0" }
                entry.modificationTime = seconds < 0 || text.hasPrefix("-") ? seconds - (fractional ? 1 : 0) : seconds
            default:
                if key.hasPrefix(TarPAX.xattrPrefix) {
                    entry.xattrs[String(key.dropFirst(TarPAX.xattrPrefix.count))] = value
                } else if key.hasPrefix("GNU.sparse.") {
                    throw TarError(.unsupported, "entry '\(entry.path)': sparse files are not supported")
                }
            }
        }
        guard entry.size >= 0 else { throw TarError(.malformed, "entry '\(entry.path)': negative size") }
        guard !entry.path.isEmpty else { throw TarError(.malformed, "entry with an empty name (after '\(lastPath)')") }
    }

    private static func padding(_ size: Int64) -> Int {
        let rest = Int(size % 512)
        return rest == 0 ? 0 : 512 - rest
    }
}
