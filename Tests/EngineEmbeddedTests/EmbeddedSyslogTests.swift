import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// The `syslog` log driver through a real container (root; `SWIFT_COMPOSE_IT=embedded`): the test is the syslog
/// daemon, a datagram socket it reads.
@Suite("Embedded engine: syslog log driver", .enabled(if: EmbeddedTestEngine.enabled), .serialized)
struct EmbeddedSyslogTests {
    @Test("each line is an RFC 5424 message with the facility, the tag and stdout/stderr severities; logs cannot be read back")
    func syslog() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        let path = NSTemporaryDirectory() + "swc-syslog-\(UUID().uuidString.prefix(8)).sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        var spec = ContainerSpec(name: "\(project)-talker-1", image: EmbeddedTestEngine.image)
        spec.labels = [OwnershipLabels.project: project]
        spec.command = ["sh", "-c", "echo hello out; echo hello err >&2"]
        spec.logging = LoggingSpec(driver: "syslog", options: ["syslog-address": "unixgram://\(path)", "syslog-facility": "local0",
                                                              "tag": "app-{{.Name}}"])
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        #expect(try await engine.waitContainer(id) == 0)
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<50 where messages.count < 2 {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        let tag = "app-\(spec.name)"
        #expect(messages.count == 2, "\(messages)")
        let out = messages.first { $0.hasSuffix("hello out") } ?? ""
        let err = messages.first { $0.hasSuffix("hello err") } ?? ""
        // local0 = 16: stdout at info (16*8+6), stderr at err (16*8+3).
        #expect(out.hasPrefix("<134>1 "), "\(out)")
        #expect(err.hasPrefix("<131>1 "), "\(err)")
        let fields = out.split(separator: " ", maxSplits: 7).map(String.init)
        #expect(fields.count == 8 && fields[3] == tag && fields[5] == tag && fields[6] == "-", "\(fields)")
        #expect(fields.count > 1 && fields[1].hasSuffix("Z") && fields[1].count == 27, "\(fields)")
        do {
            for try await _ in engine.containerLogs(id, options: LogOptions()) {}
            Issue.record("reading a syslog container's logs succeeded")
        } catch {
            #expect((error as? EngineError)?.code == .unsupported)
        }
        try await engine.removeContainer(id, force: true, removeVolumes: true)
    }
}
