import EngineAPI
import Foundation

/// A container's /etc/resolv.conf: the compose dns / dns_search / dns_opt, or the host's file without
/// loopback nameservers (they mean nothing inside the container's netns).
public struct ResolvConf: Sendable, Hashable {
    public var nameservers: [String]
    public var search: [String]
    public var options: [String]

    public init(nameservers: [String] = [], search: [String] = [], options: [String] = []) {
        self.nameservers = nameservers
        self.search = search
        self.options = options
    }

    /// Parses resolv.conf text, dropping 127.x and ::1 nameservers.
    public static func parse(host text: String) -> ResolvConf {
        var result = ResolvConf()
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = fields.first, !keyword.hasPrefix("#"), !keyword.hasPrefix(";") else { continue }
            let values = Array(fields.dropFirst())
            switch keyword {
            case "nameserver":
                if let server = values.first, !server.hasPrefix("127."), server != "::1" { result.nameservers.append(server) }
            case "search", "domain": result.search = values
            case "options": result.options += values
            default: break
            }
        }
        return result
    }

    /// The container's file: host settings overridden field by field by what compose gives.
    public static func make(hostText: String, dns: [String] = [], dnsSearch: [String] = [], dnsOptions: [String] = []) -> ResolvConf {
        var result = parse(host: hostText)
        if !dns.isEmpty { result.nameservers = dns }
        if !dnsSearch.isEmpty { result.search = dnsSearch }
        if !dnsOptions.isEmpty { result.options = dnsOptions }
        return result
    }

    public func render() -> String {
        var lines: [String] = []
        if !search.isEmpty { lines.append("search " + search.joined(separator: " ")) }
        lines += nameservers.map { "nameserver " + $0 }
        if !options.isEmpty { lines.append("options " + options.joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    public func write(to path: String) throws(EngineError) {
        try HostsFile.writeInPlace(render(), to: path)
    }
}
