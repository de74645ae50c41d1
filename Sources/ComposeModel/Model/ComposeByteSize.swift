/// A size in bytes (`mem_limit`, `shm_size`, `tmpfs.size`, blkio rates).
///
/// compose-go keeps these as `int64` and prints them as a decimal string (`"1073741824"`); the loader
/// accepts unit suffixes (`512m`, `1.5GiB`), which are binary multiples as in docker's `RAMInBytes`.
public struct ComposeByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) {
        self.bytes = bytes
    }

    public static func < (lhs: ComposeByteSize, rhs: ComposeByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// The decimal form compose-go prints.
    public var description: String { String(bytes) }

    /// Parses a plain or fractional number with an optional binary unit (`k`, `m`, `g`, `t`, `p`, each
    /// optionally followed by `i` and/or `b`, any case, one optional space before the unit); nil otherwise.
    public init?(parsing text: String) {
        var number = ""
        var rest = Substring(text)
        while let character = rest.first, character.isASCII, character.isNumber || character == "." {
            number.append(character)
            rest = rest.dropFirst()
        }
        guard let first = number.first, first != ".", number.last != ".", !number.contains(".."),
              let value = Double(number) else { return nil }
        if rest.first == " " { rest = rest.dropFirst() }
        var multiplier: Double = 1
        if let unit = rest.first?.lowercased(), let power = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5][unit] {
            for _ in 0..<power { multiplier *= 1024 }
            rest = rest.dropFirst()
        }
        if let next = rest.first, next == "i" || next == "I" { rest = rest.dropFirst() }
        if let next = rest.first, next == "b" || next == "B" { rest = rest.dropFirst() }
        guard rest.isEmpty else { return nil }
        let total = value * multiplier
        guard total.isFinite, total < 9.2e18 else { return nil }
        self.init(bytes: Int64(total))
    }
}
