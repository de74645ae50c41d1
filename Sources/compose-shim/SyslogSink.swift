import Glibc

/// The `syslog` log driver: each line of the container's output as one RFC 5424 message
/// (`<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG`, stdout at severity info, stderr at err) to a
/// local datagram socket, a UDP address, or a TCP address (newline-framed, as Docker's driver sends them).
/// A syslog daemon that is away or slow never blocks the container: messages it cannot take are dropped.
final class SyslogSink {
    private let address: String
    private let facility: Int
    private let tag: String
    private let hostname: String
    private var fd: Int32 = -1
    private var stream = false

    init(config: ShimLogConfig, id: String) {
        address = config.syslogAddress ?? "unix:///dev/log"
        facility = config.syslogFacility ?? 3
        tag = config.tag ?? String(id.prefix(12))
        var name = [CChar](repeating: 0, count: 256)
        hostname = config.hostname ?? (gethostname(&name, name.count) == 0 ? System.cString(name) : "-")
    }

    /// Connects; an error message when the address is invalid or unreachable.
    func open() -> String? {
        if let path = strip(address, "unix://") ?? strip(address, "unixgram://") {
            return connectUnix(path)
        }
        if let target = strip(address, "udp://") { return connectInet(target, type: SOCK_DGRAM) }
        if let target = strip(address, "tcp://") {
            stream = true
            return connectInet(target, type: SOCK_STREAM)
        }
        return "syslog-address \(address): use unix://, unixgram://, udp:// or tcp://"
    }

    func send(_ message: ArraySlice<UInt8>, error: Bool) {
        guard fd >= 0 else { return }
        var body = Array(message)
        if body.last == UInt8(ascii: "\n") { body.removeLast() }
        let priority = facility * 8 + (error ? 3 : 6)
        var packet = Array("<\(priority)>1 \(System.timestamp(microseconds: true)) \(hostname) \(tag) \(getpid()) \(tag) - ".utf8)
        packet += body
        if stream { packet.append(UInt8(ascii: "\n")) }
        let sent = packet.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        if sent < 0 && (errno == ECONNREFUSED || errno == ENOTCONN || errno == EPIPE) {
            // The daemon restarted (a new socket at the same path): reconnect once, the message is lost.
            close(fd)
            fd = -1
            _ = open()
        }
    }

    private func strip(_ text: String, _ prefix: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }

    private func connectUnix(_ path: String) -> String? {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return "syslog: socket: \(System.errorText())" }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return "syslog: path too long: \(path)" }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { return "syslog: connect \(path): \(System.errorText())" }
        return nil
    }

    private func connectInet(_ target: String, type: __socket_type) -> String? {
        guard let colon = target.lastIndex(of: ":") else { return "syslog-address \(address): no port" }
        var host = String(target[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = String(target[target.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = Int32(type.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &list) == 0, let first = list else {
            return "syslog-address \(address): cannot resolve \(host)"
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            fd = socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), current.pointee.ai_protocol)
            if fd >= 0, connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return nil }
            if fd >= 0 { close(fd) }
            fd = -1
            entry = current.pointee.ai_next
        }
        return "syslog: connect \(address): \(System.errorText())"
    }
}
