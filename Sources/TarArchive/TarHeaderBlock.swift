/// Field layout and number encodings of a 512-byte ustar header block.
enum TarHeaderBlock {
    static let size = 512

    enum Field {
        static let name = (offset: 0, width: 100)
        static let mode = (offset: 100, width: 8)
        static let uid = (offset: 108, width: 8)
        static let gid = (offset: 116, width: 8)
        static let size = (offset: 124, width: 12)
        static let mtime = (offset: 136, width: 12)
        static let checksum = (offset: 148, width: 8)
        static let typeFlag = 156
        static let linkName = (offset: 157, width: 100)
        static let magic = (offset: 257, width: 8)
        static let userName = (offset: 265, width: 32)
        static let groupName = (offset: 297, width: 32)
        static let deviceMajor = (offset: 329, width: 8)
        static let deviceMinor = (offset: 337, width: 8)
        static let prefix = (offset: 345, width: 155)
    }

    // MARK: Reading

    /// Bytes up to the first NUL.
    static func string(_ block: ArraySlice<UInt8>, _ field: (offset: Int, width: Int)) -> [UInt8] {
        let start = block.startIndex + field.offset
        let bytes = block[start..<(start + field.width)]
        return Array(bytes.prefix { $0 != 0 })
    }

    /// An octal number (NUL/space padded) or, with the high bit of the first byte set, GNU base-256
    /// (two's complement, so negative times survive).
    static func number(_ block: ArraySlice<UInt8>, _ field: (offset: Int, width: Int)) -> Int64? {
        let start = block.startIndex + field.offset
        let bytes = block[start..<(start + field.width)]
        guard let first = bytes.first else { return nil }
        if first & 0x80 != 0 {
            // Base-256, big-endian two's complement; the marker bit is masked off a positive first byte.
            let negative = first & 0x40 != 0
            var value: Int64 = negative ? -1 : 0
            for (index, byte) in bytes.enumerated() {
                let part = index == 0 && !negative ? byte & 0x7f : byte
                // The next shift must not lose significant bits.
                guard value >> 55 == 0 || value >> 55 == -1 else { return nil }
                value = (value << 8) | Int64(part)
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard value <= (Int64.max >> 3) else { return nil }
                value = value * 8 + Int64(byte - UInt8(ascii: "0"))
                seenDigit = true
            case 0, UInt8(ascii: " "):
                if seenDigit { return value }
            default:
                return nil
            }
        }
        return value
    }

    /// Whether the stored checksum matches (the unsigned sum, or the signed sum some old tars wrote).
    static func checksumMatches(_ block: ArraySlice<UInt8>) -> Bool {
        guard let stored = number(block, Field.checksum) else { return false }
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in block.enumerated() {
            let value = (Field.checksum.offset..<(Field.checksum.offset + Field.checksum.width)).contains(index) ? 0x20 : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        return stored == unsigned || stored == signed
    }

    // MARK: Writing

    static func put(_ bytes: some Sequence<UInt8>, into block: inout [UInt8], _ field: (offset: Int, width: Int)) {
        for (index, byte) in bytes.prefix(field.width).enumerated() { block[field.offset + index] = byte }
    }

    /// Zero-padded octal with a trailing NUL; nil when it does not fit.
    static func octal(_ value: Int64, width: Int) -> [UInt8]? {
        guard value >= 0 else { return nil }
        let digits = String(value, radix: 8)
        guard digits.utf8.count <= width - 1 else { return nil }
        return Array((String(repeating: "0", count: width - 1 - digits.utf8.count) + digits).utf8)
    }

    /// The largest value an octal field of `width` holds.
    static func octalLimit(width: Int) -> Int64 { (Int64(1) << (3 * Int64(width - 1))) - 1 }

    /// Computes and stores the checksum: six octal digits, NUL, space (with the field counted as spaces).
    static func sealChecksum(_ block: inout [UInt8]) {
        for index in 0..<Field.checksum.width { block[Field.checksum.offset + index] = 0x20 }
        let sum = block.reduce(Int64(0)) { $0 + Int64($1) }
        put(octal(sum, width: 7) ?? [], into: &block, Field.checksum)
        block[Field.checksum.offset + 6] = 0
        block[Field.checksum.offset + 7] = 0x20
    }
}
