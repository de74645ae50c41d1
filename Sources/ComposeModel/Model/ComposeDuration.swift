/// A duration in nanoseconds, written and read like Go's `time.Duration` (`1m30s`, `1.5s`, `100ms`).
///
/// compose-go stores durations as Go durations and prints them with `Duration.String()`, so `90s` in a
/// compose file is shown as `1m30s`; parsing also takes the `d` and `w` units compose-go accepts.
public struct ComposeDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Whole seconds, saturating at the representable range (about 292 years).
    public static func seconds(_ seconds: Int64) -> ComposeDuration {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return ComposeDuration(nanoseconds: seconds < 0 ? .min : .max) }
        return ComposeDuration(nanoseconds: product)
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
