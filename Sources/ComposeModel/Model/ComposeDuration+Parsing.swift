extension ComposeDuration {
    /// Parses Go duration syntax (`1h2m3.5s`, `-1.5ms`, `0`) plus compose-go's `d` (24h) and `w` (7d)
    /// units; nil when the text is not a duration or overflows.
    public init?(parsing text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        if String(scalars) == "0" {
            self.init(nanoseconds: 0)
            return
        }
        if scalars.isEmpty { return nil }
        var total: UInt64 = 0
        while !scalars.isEmpty {
            var whole: UInt64 = 0
            var sawDigit = false
            while let scalar = scalars.first, let digit = Self.digit(scalar) {
                let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                whole = sum
                sawDigit = true
                scalars = scalars.dropFirst()
            }
            var fractionDigits: [UInt64] = []
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first, let digit = Self.digit(scalar) {
                    fractionDigits.append(digit)
                    sawDigit = true
                    scalars = scalars.dropFirst()
                }
            }
            if !sawDigit { return nil }
            var unitText = ""
            while let scalar = scalars.first, scalar != ".", Self.digit(scalar) == nil {
                unitText.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
            }
            guard let unit = Self.units[unitText] else { return nil }
            let (wholePart, overflow3) = whole.multipliedReportingOverflow(by: unit)
            if overflow3 { return nil }
            var fractionPart: UInt64 = 0
            var scale = unit
            for digit in fractionDigits {
                scale /= 10
                if scale == 0 { break }
                fractionPart += digit * scale
            }
            let (component, overflow4) = wholePart.addingReportingOverflow(fractionPart)
            let (sum, overflow5) = total.addingReportingOverflow(component)
            if overflow4 || overflow5 { return nil }
            total = sum
        }
        if total > UInt64(Int64.max) { return nil }
        self.init(nanoseconds: negative ? -Int64(total) : Int64(total))
    }

    private static func digit(_ scalar: Unicode.Scalar) -> UInt64? {
        guard scalar >= "0", scalar <= "9" else { return nil }
        return UInt64(scalar.value - 48)
    }

    private static let units: [String: UInt64] = [
        "ns": 1,
        "us": 1_000,
        "µs": 1_000,
        "μs": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
        "d": 86_400_000_000_000,
        "w": 604_800_000_000_000,
    ]
}
