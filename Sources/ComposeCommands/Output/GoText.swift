import ComposeModel

/// Text helpers reproducing docker CLI formatting: Go's strconv.Quote, docker's Ellipsis and TruncateID.
enum GoText {
    static func quote(_ text: String) -> String { GoQuote.quote(text) }

    /// docker's formatter.Ellipsis: cut to `maxWidth` display columns (East Asian wide characters count two),
    /// ending with "…".
    static func ellipsis(_ text: String, _ maxWidth: Int) -> String {
        guard maxWidth > 0 else { return "" }
        let scalars = Array(text.unicodeScalars)
        if maxWidth == 1 { return scalars.first.map { String($0) } ?? "" }
        let widths = scalars.map(displayWidth)
        if widths.reduce(0, +) <= maxWidth { return text }
        var kept = String.UnicodeScalarView()
        var used = 0
        for (scalar, width) in zip(scalars, widths) {
            if used + width > maxWidth - 1 { break }
            kept.append(scalar)
            used += width
        }
        return String(kept) + "…"
    }

    /// Display columns of a character: 2 for East Asian wide and fullwidth characters, else 1.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// docker's TruncateID: drop an `algorithm:` prefix, keep 12 characters.
    static func truncateID(_ id: String) -> String {
        var id = Substring(id)
        if let colon = id.firstIndex(of: ":") { id = id[id.index(after: colon)...] }
        return String(id.prefix(12))
    }
}
