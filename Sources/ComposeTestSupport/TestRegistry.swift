import Foundation

/// A real Distribution registry (Debian's `docker-registry`) on 127.0.0.1 for one test: a temporary storage
/// directory, a free port, optional htpasswd basic auth. `stop()` kills it and removes its files.
public final class TestRegistry: @unchecked Sendable {
    /// `127.0.0.1:PORT`: the host part of image references pushed to it.
    public let host: String
    public let storage: String
    private let process: Process
    private let directory: String

    /// The registry binary, or nil when it is not installed (tests then skip).
    public static var binary: String? {
        ["/usr/bin/docker-registry", "/usr/sbin/docker-registry", "/usr/local/bin/registry"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts the registry and waits (at most ~20 s) until `/v2/` answers.
    public init(htpasswd: String? = nil) throws {
        guard let binary = Self.binary else { throw TestRegistryError("docker-registry is not installed") }
        directory = NSTemporaryDirectory() + "swc-registry-\(UUID().uuidString.prefix(8))"
        storage = directory + "/storage"
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        let port = try Self.freePort()
        host = "127.0.0.1:\(port)"
        var config = """
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(storage)
              delete:
                enabled: true
            http:
              addr: \(host)

            """
        if let htpasswd {
            try htpasswd.write(toFile: directory + "/htpasswd", atomically: true, encoding: .utf8)
            config += "auth:\n  htpasswd:\n    realm: test\n    path: \(directory)/htpasswd\n"
        }
        try config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", directory + "/config.yml"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<200 {
            if Self.answers(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw TestRegistryError("docker-registry did not answer on \(host)")
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// A port the kernel just handed out (bound to port 0, then closed).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestRegistryError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestRegistryError("bind: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func answers(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

public struct TestRegistryError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
