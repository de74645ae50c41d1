import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the embedded engine leaves on the host, seen from outside it: links, mounts, processes, a free port,
/// an HTTP answer, a tool's output.
enum HostProbe {
    /// Runs a tool to completion; its status and combined output.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A whole file under /proc (whose sizes read as 0, so Foundation's readers stop early).
    static func procFile(_ path: String) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names of the host's network links.
    static func links() -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []))
    }

    /// Every mount point of this mount namespace.
    static func mountPoints() -> [String] {
        procFile("/proc/self/mountinfo").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            return fields.count > 4 ? String(fields[4]) : nil
        }
    }

    /// Pids of the processes whose command line contains every one of `parts`.
    static func processes(containing parts: [String]) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            let commandLine = procFile("/proc/\(pid)/cmdline").replacingOccurrences(of: "\u{0}", with: " ")
            return parts.allSatisfy(commandLine.contains)
        }
    }

    /// A TCP port nothing listens on right now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw IntegrationError("socket: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                guard bind(descriptor, generic, length) == 0 else { return false }
                return getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw IntegrationError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The body curl gets from 127.0.0.1:`port``path`, retried for up to a minute; "" if it never answers.
    static func httpGet(port: Int, path: String) async -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var last = ""
        while clock.now < deadline {
            if let result = try? run("/usr/bin/curl", ["-sS", "-m", "10", "http://127.0.0.1:\(port)\(path)"]) {
                last = result.output
                if result.status == 0 { return last }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return last
    }
}
