import Foundation

/// Brief bind() probes on the host: is an address:port free right now, and which port does the kernel offer.
enum PortProbe {
    /// nil when the port could be bound; otherwise why not ("a host process", "no such address").
    static func bindFailure(_ mapping: PortMapping) -> String? {
        switch probe(mapping, port: mapping.hostPort) {
        case .success: return nil
        case .failure(let error): return error.code == EADDRINUSE ? "a host process" : String(cString: strerror(error.code))
        }
    }

    static func freePort(_ mapping: PortMapping) -> Int? {
        if case .success(let port) = probe(mapping, port: 0) { return port }
        return nil
    }

    struct Errno: Error { var code: Int32 }

    private static func probe(_ mapping: PortMapping, port: Int) -> Result<Int, Errno> {
        let ipv6 = mapping.hostIP.contains(":")
        let type = mapping.protocol == "udp" ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(Errno(code: errno)) }
        defer { close(fd) }
        var one: Int32 = 1
        // TIME_WAIT leftovers are not owners; a listening socket still makes bind fail with SO_REUSEADDR.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var status: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            if !mapping.hostIP.isEmpty, inet_pton(AF_INET6, mapping.hostIP, &address.sin6_addr) != 1 { return .failure(Errno(code: EINVAL)) }
            status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let ip = mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP
            if inet_pton(AF_INET, ip, &address.sin_addr) != 1 { return .failure(Errno(code: EINVAL)) }
            status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard status == 0 else { return .failure(Errno(code: errno)) }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let chosen = withUnsafePointer(to: &bound) { pointer -> UInt16 in
            ipv6 ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
                 : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        return .success(Int(UInt16(bigEndian: chosen)))
    }
}
