/// One published port of a short port spec (`[ip:][host:]container[/proto]`), as docker's nat package
/// parses it: ranges expand to one entry per container port.
struct ShortPortSpec: Equatable, Sendable {
    var hostIP: String
    var target: Int
    var published: String
    var proto: String

    struct ParseError: Error, Equatable {
        var message: String
    }

    /// Parses one spec; the result is ordered like compose-go (container ports sorted as "port/proto" text).
    static func parse(_ raw: String) throws(ParseError) -> [ShortPortSpec] {
        let (rawIP, hostPort, containerPart) = splitParts(raw)
        var containerPort = containerPart
        var proto = "tcp"
        if let slash = containerPart.firstIndex(of: "/") {
            containerPort = String(containerPart[..<slash])
            let given = String(containerPart[containerPart.index(after: slash)...])
            if !given.isEmpty { proto = given }
        }
        if containerPort.isEmpty {
            throw ParseError(message: "no port specified: \(raw)<empty>")
        }
        proto = proto.lowercased()
        guard ["tcp", "udp", "sctp"].contains(proto) else {
            throw ParseError(message: "invalid proto: \(proto)")
        }
        var ip = rawIP
        if ip.hasPrefix("[") {
            guard ip.hasSuffix("]"), ip.count >= 2 else {
                throw ParseError(message: "invalid IP address \(ip): address \(ip): missing ']' in address")
            }
            ip = String(ip.dropFirst().dropLast())
        }
        if !ip.isEmpty && !IPAddress.isValid(ip) {
            throw ParseError(message: "invalid IP address: \(ip)")
        }
        guard let (start, end) = portRange(containerPort) else {
            throw ParseError(message: "invalid containerPort: \(containerPort)")
        }
        var hostStart = 0
        var hostEnd = 0
        if !hostPort.isEmpty {
            guard let range = portRange(hostPort) else {
                throw ParseError(message: "invalid hostPort: \(hostPort)")
            }
            (hostStart, hostEnd) = range
            if end - start != hostEnd - hostStart && end != start {
                throw ParseError(message: "invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
            }
        }
        let count = end - start + 1
        var specs: [ShortPortSpec] = []
        specs.reserveCapacity(count)
        for offset in 0..<count {
            var published = ""
            if !hostPort.isEmpty {
                published = String(hostStart + offset)
                if count == 1 && hostStart != hostEnd { published += "-\(hostEnd)" }
            }
            specs.append(ShortPortSpec(hostIP: ip, target: start + offset, published: published, proto: proto))
        }
        // compose-go walks the parsed ports by their "port/proto" key in text order.
        return specs.sorted { "\($0.target)/\($0.proto)" < "\($1.target)/\($1.proto)" }
    }

    private static func splitParts(_ raw: String) -> (String, String, String) {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: return ("", "", parts[0])
        case 2: return ("", parts[0], parts[1])
        case 3: return (parts[0], parts[1], parts[2])
        default:
            let count = parts.count
            return (parts[..<(count - 2)].joined(separator: ":"), parts[count - 2], parts[count - 1])
        }
    }

    private static func portRange(_ text: String) -> (Int, Int)? {
        guard !text.isEmpty else { return nil }
        guard let dash = text.firstIndex(of: "-") else {
            guard let port = portNumber(text) else { return nil }
            return (port, port)
        }
        let startText = String(text[..<dash])
        let endText = String(text[text.index(after: dash)...])
        guard let start = portNumber(startText) else { return nil }
        if startText == endText { return (start, start) }
        guard let end = portNumber(endText), end >= start else { return nil }
        return (start, end)
    }

    private static func portNumber(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), value <= 65535
        else { return nil }
        return value
    }
}
