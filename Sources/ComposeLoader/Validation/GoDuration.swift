/// Go's `time.ParseDuration` grammar: `[-+]?` then one or more `number unit` (`1h30m`, `1.5s`), or `0`.
enum GoDuration {
    static let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]

    static func isValid(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
        if String(scalars) == "0" { return true }
        guard !scalars.isEmpty else { return false }
        while !scalars.isEmpty {
            let integer = scalars.prefix { $0.properties.numericType != nil && $0.isASCII }
            scalars = scalars.dropFirst(integer.count)
            var fraction = Substring.UnicodeScalarView()
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                fraction = Substring.UnicodeScalarView(scalars.prefix { $0.properties.numericType != nil && $0.isASCII })
                scalars = scalars.dropFirst(fraction.count)
            }
            guard !integer.isEmpty || !fraction.isEmpty else { return false }
            let unit = scalars.prefix { !($0.properties.numericType != nil && $0.isASCII) && $0 != "." }
            guard units.contains(String(unit)) else { return false }
            scalars = scalars.dropFirst(unit.count)
        }
        return true
    }
}
