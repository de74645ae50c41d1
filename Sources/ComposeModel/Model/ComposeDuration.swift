/// A duration in nanoseconds, written and read like Go's `time.Duration` (`1m30s`, `1.5s`, `100ms`).
///
/// compose-go stores durations as Go durations and prints them with `Duration.String()`, so `90s` in a
/// compose file is shown as `1m30s`; parsing also takes the `d` and `w` units compose-go accepts.
public struct ComposeDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func seconds(_ seconds: Int64) -> ComposeDuration {
        ComposeDuration(nanoseconds: seconds * 1_000_000_000)
    }

    public static func < (lhs: ComposeDuration, rhs: ComposeDuration) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// Seconds as a floating-point number (for APIs that take seconds).
    public var timeInterval: Double { Double(nanoseconds) / 1e9 }

    /// Go's `time.Duration.String()` form.
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000 {
            text = "\(magnitude)ns"
        } else if magnitude < 1_000_000 {
            text = "\(magnitude / 1_000)\(Self.fractionSuffix(magnitude % 1_000, digits: 3))µs"
        } else if magnitude < 1_000_000_000 {
            text = "\(magnitude / 1_000_000)\(Self.fractionSuffix(magnitude % 1_000_000, digits: 6))ms"
        } else {
            var rest = magnitude / 1_000_000_000
            text = "\(rest % 60)\(Self.fractionSuffix(magnitude % 1_000_000_000, digits: 9))s"
            rest /= 60
            if rest > 0 {
                text = "\(rest % 60)m" + text
                rest /= 60
                if rest > 0 { text = "\(rest)h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// `.ddd` for a fraction of `digits` decimal places, trailing zeros dropped; empty when zero.
    private static func fractionSuffix(_ remainder: UInt64, digits: Int) -> String {
        if remainder == 0 { return "" }
        var text = String(remainder)
        text = String(repeating: "0", count: max(0, digits - text.count)) + text
        while text.hasSuffix("0") { text.removeLast() }
        return "." + text
    }
}
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
