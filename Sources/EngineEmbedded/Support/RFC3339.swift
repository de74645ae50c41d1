import Foundation

/// RFC 3339 times with nanoseconds in UTC, as Docker and the supervisor write them
/// ("2026-11-29T08:21:02.446635034Z").
public enum RFC3339 {
    public static func now() -> String { format(Date().timeIntervalSince1970) }

    public static func format(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        let nanos = Int(((seconds - Double(whole)) * 1e9).rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), nanos)
    }

    /// Seconds since 1970; nil when the text is not an RFC 3339 time (UTC or with an offset).
    public static func parse(_ text: String) -> Double? {
        LogTime.seconds(text)
    }
}
