import Foundation

/// `--since` / `--until` values as docker accepts them: an RFC 3339 time (`2013-01-02T13:23:37Z`, with or
/// without fractions or a zone offset; a date alone), a Unix timestamp (`1700000000.5`), or a duration back
/// from now (`42m`, `1h30m`, `10s`).
enum LogTime {
    static func parse(_ text: String, now: Double) -> Double? {
        if let seconds = Double(text) { return seconds }
        if let duration = durationSeconds(text) { return now - duration }
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX",
                       "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }

    /// Go's duration syntax for the units logs use: h, m, s, ms.
    static func durationSeconds(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var index = text.startIndex
        var sawUnit = false
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = text.index(after: index)
                continue
            }
            guard let value = Double(number) else { return nil }
            let rest = text[index...]
            let (unit, factor): (String, Double) = rest.hasPrefix("ms") ? ("ms", 0.001)
                : rest.hasPrefix("h") ? ("h", 3600) : rest.hasPrefix("m") ? ("m", 60) : rest.hasPrefix("s") ? ("s", 1) : ("", 0)
            guard !unit.isEmpty else { return nil }
            total += value * factor
            number = ""
            sawUnit = true
            index = text.index(index, offsetBy: unit.count)
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}
