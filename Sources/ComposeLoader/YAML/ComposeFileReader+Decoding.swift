import ComposeModel

extension ComposeFileReader {
    /// Text of a compose file's bytes: UTF-8 (a BOM is dropped) or UTF-16 LE/BE announced by a BOM.
    ///
    /// Characters YAML does not allow (NUL and other control characters, C1 controls, U+FFFE/U+FFFF) and
    /// malformed encodings are refused here, with their line and column, so that a binary file gets a
    /// clear message instead of a parser error.
    public static func decode(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> String {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return try decodeUTF16(bytes, bigEndian: false, file: file)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return try decodeUTF16(bytes, bigEndian: true, file: file)
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return try bytes.withUnsafeBufferPointer { buffer throws(DiagnosticError) -> String in
            let body = UnsafeBufferPointer(rebasing: buffer[start...])
            try validateUTF8(body, file: file)
            return String(decoding: body, as: UTF8.self)
        }
    }

    /// One pass over UTF-8 bytes: well-formed sequences of characters YAML allows.
    private static func validateUTF8(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(DiagnosticError) {
        var index = 0
        var line = 1
        var column = 1
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0x0A {
                    line += 1
                    column = 1
                } else {
                    if !isAllowed(UInt32(lead)) {
                        throw controlCharacter(file: file, line: line, column: column)
                    }
                    column += 1
                }
                index += 1
                continue
            }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: throw invalidEncoding("UTF-8", file: file, line: line, column: column)
            }
            guard index + length <= count else {
                throw invalidEncoding("UTF-8", file: file, line: line, column: column)
            }
            var scalar = UInt32(lead) & (0x7F >> UInt32(length))
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else {
                    throw invalidEncoding("UTF-8", file: file, line: line, column: column)
                }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            let overlong = (length == 3 && scalar < 0x800) || (length == 4 && scalar < 0x1_0000)
            if overlong || (0xD800...0xDFFF).contains(scalar) || scalar > 0x10_FFFF {
                throw invalidEncoding("UTF-8", file: file, line: line, column: column)
            }
            if !isAllowed(scalar) {
                throw controlCharacter(file: file, line: line, column: column)
            }
            index += length
            column += 1
        }
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool, file: String) throws(DiagnosticError) -> String {
        guard bytes.count % 2 == 0 else {
            throw DiagnosticError(.error(at: SourceLocation(file: file, line: 1, column: 1),
                                         "invalid UTF-16: odd number of bytes"))
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        var index = 2
        while index < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        var text = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    guard isAllowed(scalar.value) else {
                        throw controlCharacter(file: file, line: line, column: column)
                    }
                    column += 1
                }
                text.append(scalar)
            case .emptyInput:
                break loop
            case .error:
                throw invalidEncoding("UTF-16", file: file, line: line, column: column)
            }
        }
        return String(text)
    }

    /// YAML's printable set (tab, line breaks, and everything from space on except controls and noncharacters).
    private static func isAllowed(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF:
            return true
        default:
            return false
        }
    }

    private static func controlCharacter(file: String, line: Int, column: Int) -> DiagnosticError {
        DiagnosticError(.error(at: SourceLocation(file: file, line: line, column: column),
                               "yaml: control characters are not allowed"))
    }

    private static func invalidEncoding(_ encoding: String, file: String, line: Int, column: Int) -> DiagnosticError {
        DiagnosticError(.error(at: SourceLocation(file: file, line: line, column: column),
                               "invalid \(encoding): the file must be UTF-8, or UTF-16 with a byte order mark"))
    }
}
