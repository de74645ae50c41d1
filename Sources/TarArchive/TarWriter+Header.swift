extension TarWriter {
    private typealias F = TarHeaderBlock.Field

    /// The PAX header (when needed) and the ustar header of `entry`.
    static func headerBlocks(_ entry: TarEntry) throws(TarError) -> [UInt8] {
        guard !entry.path.isEmpty else { throw TarError(.malformed, "an entry needs a name") }
        guard !entry.path.utf8.contains(0), !entry.linkTarget.utf8.contains(0) else {
            throw TarError(.malformed, "entry '\(entry.path)': names cannot contain NUL")
        }
        guard entry.size >= 0 else { throw TarError(.malformed, "entry '\(entry.path)': negative size") }
        let idLimit = TarHeaderBlock.octalLimit(width: 8)
        guard Int64(entry.deviceMajor) <= idLimit, Int64(entry.deviceMinor) <= idLimit else {
            throw TarError(.malformed, "entry '\(entry.path)': device numbers too large for ustar")
        }
        var records: [(key: String, value: [UInt8])] = []
        if !fitsUstar(entry.path, width: 100) { records.append(("path", Array(entry.path.utf8))) }
        if !fitsUstar(entry.linkTarget, width: 100) { records.append(("linkpath", Array(entry.linkTarget.utf8))) }
        if entry.size > TarHeaderBlock.octalLimit(width: 12) { records.append(("size", Array(String(entry.size).utf8))) }
        if entry.uid < 0 || Int64(entry.uid) > idLimit { records.append(("uid", Array(String(entry.uid).utf8))) }
        if entry.gid < 0 || Int64(entry.gid) > idLimit { records.append(("gid", Array(String(entry.gid).utf8))) }
        if !fitsUstar(entry.userName, width: 32) { records.append(("uname", Array(entry.userName.utf8))) }
        if !fitsUstar(entry.groupName, width: 32) { records.append(("gname", Array(entry.groupName.utf8))) }
        let timeFits = entry.modificationTime >= 0 && entry.modificationTime <= TarHeaderBlock.octalLimit(width: 12)
        if !timeFits { records.append(("mtime", Array(String(entry.modificationTime).utf8))) }
        for name in entry.xattrs.keys.sorted() {
            guard !name.isEmpty, !name.utf8.contains(0), !name.utf8.contains(UInt8(ascii: "=")), let value = entry.xattrs[name] else {
                throw TarError(.malformed, "entry '\(entry.path)': invalid extended attribute name '\(name)'")
            }
            records.append((TarPAX.xattrPrefix + name, value))
        }
        var result: [UInt8] = []
        if !records.isEmpty {
            let pax = TarPAX.encode(records)
            let paxEntry = TarEntry(
                path: "PaxHeaders.0/" + String(decoding: asciiPrefix(baseName(entry.path), limit: 80), as: UTF8.self),
                type: .file, mode: 0o644, modificationTime: timeFits ? entry.modificationTime : 0, size: Int64(pax.count)
            )
            result += ustarBlock(paxEntry, flag: UInt8(ascii: "x"))
            result += pax
            let rest = pax.count % 512
            if rest != 0 { result += [UInt8](repeating: 0, count: 512 - rest) }
        }
        result += ustarBlock(entry, flag: entry.type.flag)
        return result
    }

    /// One ustar header; fields that do not fit are cut or zeroed (the PAX header carries the real value).
    private static func ustarBlock(_ entry: TarEntry, flag: UInt8) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: TarHeaderBlock.size)
        func number(_ value: Int64, _ field: (offset: Int, width: Int)) {
            TarHeaderBlock.put(TarHeaderBlock.octal(value, width: field.width) ?? TarHeaderBlock.octal(0, width: field.width) ?? [],
                               into: &block, field)
        }
        TarHeaderBlock.put(asciiPrefix(entry.path, limit: 100), into: &block, F.name)
        number(Int64(entry.mode & 0o7777), F.mode)
        number(Int64(entry.uid), F.uid)
        number(Int64(entry.gid), F.gid)
        number(entry.size, F.size)
        number(entry.modificationTime, F.mtime)
        block[F.typeFlag] = flag
        TarHeaderBlock.put(asciiPrefix(entry.linkTarget, limit: 100), into: &block, F.linkName)
        TarHeaderBlock.put("ustar\u{0}00".utf8, into: &block, F.magic)
        TarHeaderBlock.put(asciiPrefix(entry.userName, limit: 32), into: &block, F.userName)
        TarHeaderBlock.put(asciiPrefix(entry.groupName, limit: 32), into: &block, F.groupName)
        number(Int64(entry.deviceMajor), F.deviceMajor)
        number(Int64(entry.deviceMinor), F.deviceMinor)
        TarHeaderBlock.sealChecksum(&block)
        return block
    }

    static func fitsUstar(_ text: String, width: Int) -> Bool {
        text.utf8.count <= width && text.utf8.allSatisfy { $0 < 0x80 }
    }

    static func asciiPrefix(_ text: String, limit: Int) -> [UInt8] {
        Array(text.utf8.map { $0 < 0x80 ? $0 : UInt8(ascii: "_") }.prefix(limit))
    }

    static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
