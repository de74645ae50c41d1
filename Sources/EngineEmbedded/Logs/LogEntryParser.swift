/// A hand parser for the exact line compose-shim writes (`{"log":"…","stream":"…","time":"…"}`): JSONDecoder
/// costs ~15 µs a line in debug builds, too slow for `logs` of a chatty container. Any other shape (another
/// writer, extra fields) returns nil and is decoded by JSONDecoder instead.
enum LogEntryParser {
    private static let logPrefix = Array(#"{"log":""#.utf8)
    private static let streamKey = Array(#","stream":""#.utf8)
    private static let timeKey = Array(#","time":""#.utf8)
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    static func parse(_ line: [UInt8]) -> LogEntry? {
        var index = 0
        guard expect(logPrefix, in: line, at: &index), let log = string(line, at: &index),
              expect(streamKey, in: line, at: &index), let stream = string(line, at: &index),
              expect(timeKey, in: line, at: &index), let time = string(line, at: &index),
              index == line.count - 1, line[index] == UInt8(ascii: "}") else { return nil }
        return LogEntry(log: log, stream: stream, time: time)
    }

    private static func expect(_ literal: [UInt8], in line: [UInt8], at index: inout Int) -> Bool {
        guard line.count - index >= literal.count else { return false }
        for offset in 0..<literal.count where line[index + offset] != literal[offset] { return false }
        index += literal.count
        return true
    }

    /// A JSON string body up to its closing quote (consumed).
    private static func string(_ line: [UInt8], at index: inout Int) -> String? {
        let start = index
        while index < line.count, line[index] != quote, line[index] != backslash { index += 1 }
        guard index < line.count else { return nil }
        if line[index] == quote {
            defer { index += 1 }
            return String(decoding: line[start..<index], as: UTF8.self)
        }
        var bytes = Array(line[start..<index])
        var pendingHigh: UInt32?
        while index < line.count {
            let byte = line[index]
            if byte == quote {
                index += 1
                if pendingHigh != nil { bytes.append(contentsOf: replacement) }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard byte == backslash else {
                if pendingHigh != nil { bytes.append(contentsOf: replacement) }
                pendingHigh = nil
                bytes.append(byte)
                index += 1
                continue
            }
            guard index + 1 < line.count else { return nil }
            let escape = line[index + 1]
            index += 2
            if escape == UInt8(ascii: "u") {
                guard index + 4 <= line.count, let unit = hex(line[index..<(index + 4)]) else { return nil }
                index += 4
                if let high = pendingHigh {
                    pendingHigh = nil
                    if (0xDC00...0xDFFF).contains(unit) {
                        append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &bytes)
                        continue
                    }
                    bytes.append(contentsOf: replacement)
                }
                if (0xD800...0xDBFF).contains(unit) {
                    pendingHigh = unit
                } else {
                    append((0xDC00...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &bytes)
                }
                continue
            }
            if pendingHigh != nil { bytes.append(contentsOf: replacement) }
            pendingHigh = nil
            switch escape {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "b"): bytes.append(8)
            case UInt8(ascii: "f"): bytes.append(12)
            case quote, backslash, UInt8(ascii: "/"): bytes.append(escape)
            default: return nil
            }
        }
        return nil
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt32(digit - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return value
    }

    private static func append(_ scalar: UInt32, to bytes: inout [UInt8]) {
        guard let character = Unicode.Scalar(scalar) else {
            bytes.append(contentsOf: replacement)
            return
        }
        bytes.append(contentsOf: Array(String(Character(character)).utf8))
    }
}
