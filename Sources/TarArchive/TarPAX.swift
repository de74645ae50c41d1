/// PAX extended header records: `"<length> <key>=<value>\n"`, the length counting the whole record.
enum TarPAX {
    /// Values stay bytes because `SCHILY.xattr.*` values are binary.
    static func parse(_ data: [UInt8]) throws(TarError) -> [(key: String, value: [UInt8])] {
        var records: [(key: String, value: [UInt8])] = []
        var index = 0
        while index < data.count {
            // Some writers pad the block with NULs after the last record.
            if data[index] == 0 { break }
            var length = 0
            var cursor = index
            while cursor < data.count, data[cursor] != UInt8(ascii: " ") {
                let byte = data[cursor]
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), length < 1 << 30 else {
                    throw TarError(.malformed, "malformed PAX record length")
                }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
                cursor += 1
            }
            let end = index + length
            guard cursor < data.count, length > 0, end <= data.count, end > cursor + 1, data[end - 1] == UInt8(ascii: "\n") else {
                throw TarError(.malformed, "malformed PAX record")
            }
            let body = data[(cursor + 1)..<(end - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")) else {
                throw TarError(.malformed, "PAX record without '='")
            }
            let key = String(decoding: body[body.startIndex..<equals], as: UTF8.self)
            records.append((key, Array(body[(equals + 1)...])))
            index = end
        }
        return records
    }

    static func encode(_ records: [(key: String, value: [UInt8])]) -> [UInt8] {
        var result: [UInt8] = []
        for (key, value) in records {
            let bodyLength = 1 + key.utf8.count + 1 + value.count + 1 // " key=value\n"
            var length = bodyLength + 1
            while String(length).utf8.count + bodyLength > length { length += 1 }
            result += Array("\(length) \(key)=".utf8)
            result += value
            result.append(UInt8(ascii: "\n"))
        }
        return result
    }

    static let xattrPrefix = "SCHILY.xattr."
}
