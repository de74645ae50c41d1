import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker engine copies files into containers and runs commands in them (SWIFT_COMPOSE_IT=docker)",
       .enabled(if: DockerIntegration.enabled))
struct DockerDevelopIntegrationTests {
    @Test("copyToContainer creates parents and replaces files; execInContainer returns the exit code")
    func copyAndExec() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let host = NSTemporaryDirectory() + "swc-copy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: host + "/dir", withIntermediateDirectories: true)
        try "one\n".write(toFile: host + "/dir/one.txt", atomically: true, encoding: .utf8)
        try "run\n".write(toFile: host + "/run.sh", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: host + "/run.sh")
        defer { try? FileManager.default.removeItem(atPath: host) }
        do {
            let id = try await DockerIntegration.start(engine, DockerIntegration.container(project, "copy", command: ["sleep", "3600"]))
            try await engine.copyToContainer(id, entries: [
                CopyEntry(hostPath: host + "/dir", containerPath: "/deep/new/dir"),
                CopyEntry(hostPath: host + "/dir/one.txt", containerPath: "/deep/new/dir/one.txt"),
                CopyEntry(hostPath: host + "/run.sh", containerPath: "/deep/run.sh"),
            ])
            #expect(try await engine.execInContainer(id, ExecSpec(command: ["grep", "-q", "one", "/deep/new/dir/one.txt"])) == 0)
            #expect(try await engine.execInContainer(id, ExecSpec(command: ["test", "-x", "/deep/run.sh"])) == 0)
            try "two\n".write(toFile: host + "/dir/one.txt", atomically: true, encoding: .utf8)
            try await engine.copyToContainer(id, entries: [CopyEntry(hostPath: host + "/dir/one.txt", containerPath: "/deep/new/dir/one.txt")])
            #expect(try await engine.execInContainer(id, ExecSpec(command: ["grep", "-q", "two", "/deep/new/dir/one.txt"])) == 0)
            let spec = ExecSpec(command: ["sh", "-c", "test \"$GREETING\" = hi && test \"$(pwd)\" = /deep && exit 7"],
                                workingDirectory: "/deep", environment: ["GREETING=hi"])
            #expect(try await engine.execInContainer(id, spec) == 7)
            await #expect(throws: EngineError.self) {
                try await engine.execInContainer("swc-no-such-container", ExecSpec(command: ["true"]))
            }
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }
}
