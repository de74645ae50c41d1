import EngineAPI
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw connection to the Docker endpoint for the one kind of request the HTTP client cannot make: one
/// that the daemon upgrades to a bidirectional stream (`Connection: Upgrade`, `Upgrade: tcp`, answered with
/// 101), as `POST /exec/{id}/start` with stdin attached. Blocking POSIX I/O: the caller runs it on a thread
/// of its own.
final class DockerHijackedConnection: @unchecked Sendable {
    // The descriptor is used by one thread at a time (the attach loop), hence @unchecked.
    let descriptor: Int32
    /// Stream bytes the daemon sent right after its answer's headers, in the same read.
    private(set) var leftover: [UInt8] = []

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    static func connect(_ endpoint: DockerEndpoint) throws(EngineError) -> DockerHijackedConnection {
        switch endpoint.transport {
        case .unixSocket(let path):
            let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard socket >= 0 else { throw failure("socket", endpoint) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                close(socket)
                throw EngineError(.invalidArgument, "socket path too long: \(path)")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard connected == 0 else {
                let error = failure("connect", endpoint)
                close(socket)
                throw error
            }
            return DockerHijackedConnection(descriptor: socket)
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
                throw EngineError(.unavailable, "cannot reach the Docker engine at \(endpoint): cannot resolve \(host)")
            }
            defer { freeaddrinfo(list) }
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let current = entry {
                let socket = Glibc.socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                                          current.pointee.ai_protocol)
                if socket >= 0 {
                    if Glibc.connect(socket, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                        var on: Int32 = 1
                        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                        return DockerHijackedConnection(descriptor: socket)
                    }
                    close(socket)
                }
                entry = current.pointee.ai_next
            }
            throw failure("connect", endpoint)
        }
    }

    private static func failure(_ call: String, _ endpoint: DockerEndpoint) -> EngineError {
        EngineError(.unavailable, "cannot reach the Docker engine at \(endpoint)", cause: "\(call): \(String(cString: strerror(errno)))")
    }

    /// Sends the request and reads the answer's head. A 101 (or, from old daemons, 200) leaves the
    /// connection as the stream; any other answer is read whole and returned as the failure response.
    func upgrade(method: String, target: String, body: Data) throws(EngineError) -> DockerResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: docker\r\nUser-Agent: swift-compose\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        head += "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
        try writeAll(Array(head.utf8) + Array(body))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = Self.headerEnd(received) {
                let response = try Self.parseHead(Array(received[..<end]))
                let rest = Array(received[(end + 4)...])
                if response.status == 101 || response.status == 200 {
                    leftover = rest
                    return response
                }
                let length = response.headers["content-length"].flatMap(Int.init) ?? 65_536
                return DockerResponse(status: response.status, headers: response.headers, body: Data(readBody(rest, length: length)))
            }
            guard received.count < 65_536 else { throw EngineError(.internalError, "the Docker engine sent an oversized answer head") }
            let count = read(into: &buffer)
            guard count > 0 else { throw EngineError(.unavailable, "the Docker engine closed the connection before answering \(method) \(target)") }
            received += buffer[..<count]
        }
    }

    /// Reads what is available (blocking); 0 at the end of the stream, -1 on error.
    func read(into buffer: inout [UInt8]) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }

    func writeAll(_ bytes: [UInt8]) throws(EngineError) {
        if let code = Self.writeAll(bytes, to: descriptor, socket: true) {
            throw EngineError(.unavailable, "writing to the Docker engine failed", cause: String(cString: strerror(code)))
        }
    }

    /// Writes every byte to `descriptor` (a socket with send(2) and no SIGPIPE); the errno of a failure, else nil.
    static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32, socket: Bool) -> Int32? {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = array[offset...].withUnsafeBytes { buffer in
                socket ? Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                    : Glibc.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Says "no more input" while still reading the output (the command sees end of file on its stdin).
    func closeWrite() { _ = shutdown(descriptor, Int32(SHUT_WR)) }

    /// An error answer's body: `length` bytes (the daemon keeps the connection open after them), or up to
    /// the end of the stream when it did not say.
    private func readBody(_ start: [UInt8], length: Int) -> [UInt8] {
        var all = start
        var buffer = [UInt8](repeating: 0, count: 4096)
        while all.count < min(length, 65_536) {
            let count = read(into: &buffer)
            guard count > 0 else { break }
            all += buffer[..<count]
        }
        return all
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// `HTTP/1.1 101 UPGRADED` and its header lines (names lowercased).
    static func parseHead(_ bytes: [UInt8]) throws(EngineError) -> DockerResponse {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw EngineError(.internalError, "the Docker engine answered with an unreadable status line: \(lines.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return DockerResponse(status: status, headers: headers, body: Data())
    }
}
