import ComposeModel

/// A strict little JSON reader that yields a `ComposeNode` tree (key order kept).
///
/// Used for the embedded schema (and by tests to build located documents); it keeps the schema's booleans, integers and strings distinct, which
/// Foundation's JSONSerialization blurs into NSNumber on Linux.
struct SchemaJSONReader {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    /// When set, every value and key gets a `SourceLocation` in this file.
    private let file: String?
    private var lineStarts: [Int] = []

    static func parse(_ text: String, file: String? = nil) throws -> ComposeNode {
        var reader = SchemaJSONReader(bytes: Array(text.utf8), file: file)
        reader.skipSpace()
        let value = try reader.readValue(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.failure("trailing content") }
        return value
    }

    private init(bytes: [UInt8], file: String?) {
        self.bytes = bytes
        self.file = file
        if file != nil {
            lineStarts = [0]
            for (offset, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
        }
    }

    private func location(_ offset: Int) -> SourceLocation? {
        guard let file else { return nil }
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }

    private func failure(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func readValue(depth: Int) throws -> ComposeNode {
        let start = index
        var node = try readBareValue(depth: depth)
        node.location = location(start)
        return node
    }

    private mutating func readBareValue(depth: Int) throws -> ComposeNode {
        guard depth < 200 else { throw failure("nesting too deep") }
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var mapping = ComposeMapping()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .mapping(mapping)
            }
            while true {
                skipSpace()
                let keyLocation = location(index)
                let key = try readString()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                guard mapping[key] == nil else { throw failure("duplicate key '\(key)'") }
                mapping.set(key, try readValue(depth: depth + 1), keyLocation: keyLocation)
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .mapping(mapping)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [ComposeNode] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .sequence(items)
            }
            while true {
                skipSpace()
                items.append(try readValue(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .sequence(items)
            }
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"):
            try readWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readWord("null")
            return .null()
        default:
            return try readNumber()
        }
    }

    private mutating func readWord(_ word: String) throws {
        for byte in word.utf8 { try expect(byte) }
    }

    private mutating func readNumber() throws -> ComposeNode {
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if let number = Int(text) { return .int(number) }
        if let number = Double(text) { return ComposeNode(.double(number)) }
        index = start
        throw failure("invalid value")
    }

    private mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ reader: SchemaJSONReader, upTo end: Int) {
            scalars.append(contentsOf: String(decoding: reader.bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(self, upTo: index)
                index += 1
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                flush(self, upTo: index)
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code)
                    else { throw failure("bad \\u escape") }
                    index += 4
                    scalars.append(scalar)
                default: scalars.append(Unicode.Scalar(escape))
                }
                run = index
                continue
            }
            guard byte >= 0x20 else { throw failure("control character in string") }
            index += 1
        }
        throw failure("unterminated string")
    }
}
