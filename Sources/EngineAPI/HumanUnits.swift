import Foundation

/// docker/go-units' human renderings, which docker's tables use.
public enum HumanUnits {
    /// go-units HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks"…
    public static func duration(seconds interval: Double) -> String {
        let seconds = Int(interval)  // Go truncates toward zero
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = Int(interval / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int(interval / 3600 + 0.5)
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int(interval / 3600) / 24 / 365) years"
    }

    private static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]

    /// go-units HumanSizeWithPrecision: decimal units, `precision` significant digits ("0B", "1.5kB").
    public static func size(_ bytes: Double, precision: Int = 3) -> String {
        var value = bytes
        var unit = 0
        while value >= 1000, unit < decimalUnits.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.*g", precision, value) + decimalUnits[unit]
    }
}
