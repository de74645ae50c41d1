import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// `execInContainer` and `copyToContainer` on real runc containers (root; `SWIFT_COMPOSE_IT=embedded`).
@Suite("Embedded engine: exec and copy into containers", .enabled(if: EmbeddedTestEngine.enabled), .serialized)
struct EmbeddedExecCopyTests {
    @Test("exec returns the command's exit code with the container's env, the given env, user and workdir")
    func exec() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        var spec = ContainerSpec(name: "\(project)-app-1", image: EmbeddedTestEngine.image)
        spec.labels = [OwnershipLabels.project: project]
        spec.command = ["sleep", "3600"]
        spec.initProcess = true
        spec.environment = [EnvironmentVariable("FROM_SPEC", "yes")]
        let id = try await engine.createContainer(spec)
        defer { Task { try? await engine.removeContainer(id, force: true, removeVolumes: true) } }
        do {
            _ = try await engine.execInContainer(id, ExecSpec(command: ["true"]))
            Issue.record("exec in a created container succeeded")
        } catch {
            #expect(error.code == .conflict)
        }
        try await engine.startContainer(id)
        #expect(try await engine.execInContainer(id, ExecSpec(command: ["sh", "-c", "exit 4"])) == 4)
        let check = ExecSpec(command: ["sh", "-c", "[ \"$FROM_SPEC\" = yes ] && [ \"$EXTRA\" = 1 ] && [ \"$(pwd)\" = /bin ] && [ \"$(id -u)\" = 1234 ]"],
                             user: "1234", workingDirectory: "/bin", environment: ["EXTRA=1"])
        #expect(try await engine.execInContainer(id, check) == 0)
        try await engine.removeContainer(id, force: true, removeVolumes: true)
    }

    @Test("copied files and directories appear in the container's layer and in its volumes; a read-only mount refuses")
    func copy() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        let host = NSTemporaryDirectory() + "swc-copy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: host + "/dir", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: host) }
        try "one".write(toFile: host + "/one.txt", atomically: true, encoding: .utf8)
        try "two".write(toFile: host + "/dir/two.txt", atomically: true, encoding: .utf8)
        var spec = ContainerSpec(name: "\(project)-app-1", image: EmbeddedTestEngine.image)
        spec.labels = [OwnershipLabels.project: project]
        spec.command = ["sleep", "3600"]
        spec.initProcess = true
        spec.mounts = [MountSpec(kind: .volume, source: "\(project)_data", target: "/data"),
                       MountSpec(kind: .bind, source: host, target: "/ro", readOnly: true)]
        let id = try await engine.createContainer(spec)
        do {
            try await engine.startContainer(id)
            try await engine.copyToContainer(id, entries: [
                CopyEntry(hostPath: host + "/one.txt", containerPath: "/app/one.txt"),
                CopyEntry(hostPath: host + "/dir", containerPath: "/data/dir"),
                CopyEntry(hostPath: host + "/dir/two.txt", containerPath: "/data/dir/two.txt"),
            ])
            let seen = ExecSpec(command: ["sh", "-c", "[ \"$(cat /app/one.txt)\" = one ] && [ \"$(cat /data/dir/two.txt)\" = two ]"])
            #expect(try await engine.execInContainer(id, seen) == 0)
            // A changed file replaces the old one.
            try "uno".write(toFile: host + "/one.txt", atomically: true, encoding: .utf8)
            try await engine.copyToContainer(id, entries: [CopyEntry(hostPath: host + "/one.txt", containerPath: "/app/one.txt")])
            #expect(try await engine.execInContainer(id, ExecSpec(command: ["sh", "-c", "[ \"$(cat /app/one.txt)\" = uno ]"])) == 0)
            do {
                try await engine.copyToContainer(id, entries: [CopyEntry(hostPath: host + "/one.txt", containerPath: "/ro/x")])
                Issue.record("copying into a read-only mount succeeded")
            } catch {
                #expect(error.code == .invalidArgument)
            }
        } catch {
            Issue.record("\(error)")
        }
        try await engine.removeContainer(id, force: true, removeVolumes: true)
        try? await engine.removeVolume("\(project)_data")
    }
}
