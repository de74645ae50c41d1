/// Textual IP address syntax as Go's `net.ParseIP` accepts it (no zones, no CIDR suffix).
enum IPAddress {
    static func isValid(_ text: String) -> Bool {
        isIPv4(Substring(text)) || isIPv6(text)
    }

    /// Four decimal parts 0–255; a leading zero is refused (Go treats it as ambiguous octal).
    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part), value <= 255, part.count == 1 || part.first != "0"
            else { return false }
        }
        return true
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var groups = 0
        var sawDoubleColon = false
        var rest = Substring(text)
        if rest.hasPrefix("::") {
            sawDoubleColon = true
            rest = rest.dropFirst(2)
            if rest.isEmpty { return true }
        }
        while !rest.isEmpty {
            // An IPv4 tail counts as two groups.
            if let colon = rest.firstIndex(of: ":") {
                let group = rest[..<colon]
                guard isHexGroup(group) else { return false }
                groups += 1
                rest = rest[rest.index(after: colon)...]
                if rest.hasPrefix(":") {
                    guard !sawDoubleColon else { return false }
                    sawDoubleColon = true
                    rest = rest.dropFirst()
                    if rest.isEmpty { break }
                } else if rest.isEmpty {
                    return false
                }
            } else if rest.contains(".") {
                guard isIPv4(rest) else { return false }
                groups += 2
                rest = ""
            } else {
                guard isHexGroup(rest) else { return false }
                groups += 1
                rest = ""
            }
        }
        return sawDoubleColon ? groups < 8 : groups == 8
    }

    private static func isHexGroup(_ group: Substring) -> Bool {
        !group.isEmpty && group.count <= 4 && group.allSatisfy(\.isHexDigit)
    }
}
