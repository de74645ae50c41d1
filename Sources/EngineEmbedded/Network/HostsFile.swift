import EngineAPI
import Foundation

/// A container's /etc/hosts (recipes §5.4): localhost, its own names, one line per peer, extra_hosts.
/// Rewritten in place because the bind mount pins the inode (recipes §5.5).
public struct HostsFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var ip: String
        /// In order: service name, container name, aliases, links aliases; duplicates are dropped.
        public var names: [String]

        public init(ip: String, names: [String]) {
            self.ip = ip
            self.names = names
        }
    }

    /// The container's own addresses and names (hostname, container name, service, aliases).
    public var own: [Entry]
    public var peers: [Entry]
    /// compose `extra_hosts`, "name:ip" or "name=ip" already split.
    public var extraHosts: [Entry]

    public init(own: [Entry] = [], peers: [Entry] = [], extraHosts: [Entry] = []) {
        self.own = own
        self.peers = peers
        self.extraHosts = extraHosts
    }

    /// Parses one compose extra_hosts item: "somehost:162.242.195.82", "host=::1", "myhost:[::1]".
    public static func extraHost(_ text: String) throws(EngineError) -> Entry {
        let separator = text.firstIndex(of: "=") ?? text.firstIndex(of: ":")
        guard let separator else { throw EngineError(.invalidArgument, "extra_hosts \"\(text)\": expected host:ip") }
        let name = String(text[..<separator])
        var ip = String(text[text.index(after: separator)...])
        if ip.hasPrefix("["), ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        guard !name.isEmpty, !ip.isEmpty else { throw EngineError(.invalidArgument, "extra_hosts \"\(text)\": expected host:ip") }
        return Entry(ip: ip, names: [name])
    }

    public func render() -> String {
        var lines = [
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "fe00::0\tip6-localnet",
            "ff00::0\tip6-mcastprefix",
            "ff02::1\tip6-allnodes",
            "ff02::2\tip6-allrouters",
        ]
        for entry in own + peers + extraHosts {
            var seen = Set<String>()
            let names = entry.names.filter { !$0.isEmpty && seen.insert($0).inserted }
            guard !entry.ip.isEmpty, !names.isEmpty else { continue }
            lines.append("\(entry.ip)\t\(names.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `text` into `path` in place (O_TRUNC, never rename) under a flock on `path.lock`.
    public static func writeInPlace(_ text: String, to path: String) throws(EngineError) {
        let lock = try StoreLock.acquire(path + ".lock")
        defer { lock.unlock() }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystem.error("open", path) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        try FileSystem.withBytes(bytes) { (buffer) throws(EngineError) in try FileSystem.writeAll(fd, buffer, path: path) }
        _ = fsync(fd)
    }

    public func write(to path: String) throws(EngineError) {
        try HostsFile.writeInPlace(render(), to: path)
    }
}
