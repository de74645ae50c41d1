import EngineAPI
import Foundation
import Glibc

extension BuildSession {
    /// RUN: a runc container in the foreground on the mounted rootfs; its output goes to the build output.
    func run(_ run: BuildStep.Run, in overlay: OverlayMount, number: Int, display: String,
             location: DockerfileLocation) async throws(EngineError) {
        guard let runc = builder.runcPath else {
            throw location.error("\(display): runc was not found on PATH", .unavailable)
        }
        let rootfs = overlay.rootfs
        let user: RootfsUsers.Resolved
        do throws(EngineError) {
            user = try RootfsUsers(rootfs: rootfs).process(run.user)
        } catch {
            throw location.error("\(display): \(error.message)", error.code)
        }
        // Record which mountpoints the image lacks, so their stubs can be left out of the layer.
        var missing: [String] = []
        for stub in BuildRuntimeSpec.mountpointStubs {
            var info = stat()
            if lstat(rootfs + "/" + stub, &info) != 0 {
                missing.append(stub)
            } else if stub == "etc" {
                // runc's stubs inside an existing /etc copy it up: remember what it looked like.
                missing.append("=etc \(info.st_mode) \(info.st_uid) \(info.st_gid)")
            }
        }
        try RootfsPath.makeDirectories(run.cwd, in: rootfs)
        let directory = overlay.directory
        let containerID = "build-\(buildID)-\(number)"
        var spec = BuildRuntimeSpec(args: run.args, env: run.env, cwd: run.cwd, user: user, rootfs: rootfs,
                                    hostname: String(containerID.suffix(12)), hosts: directory + "/hosts",
                                    resolvConf: directory + "/resolv.conf", cgroupsPath: "/swift-compose-build/\(containerID)")
        if self.spec.network == "none" { spec.linux.namespaces.append(.init(type: "network")) }
        if let size = self.spec.shmSize, let index = spec.mounts.firstIndex(where: { $0.destination == "/dev/shm" }) {
            spec.mounts[index].options = ["nosuid", "noexec", "nodev", "mode=1777", "size=\(size)"]
        }
        do {
            try Data(missing.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory + "/stubs"))
            for (name, host, fallback) in [("hosts", "/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
                                           ("resolv.conf", "/etc/resolv.conf", "")] {
                // Copies, not the host's files: a RUN that writes them must not change the host.
                var data = FileManager.default.contents(atPath: host) ?? Data(fallback.utf8)
                if name == "hosts" {
                    // extra_hosts: `name:ip` (or `name=ip`), as /etc/hosts lines.
                    for entry in self.spec.extraHosts {
                        guard let separator = entry.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
                        data += Data("\(entry[entry.index(after: separator)...])\t\(entry[..<separator])\n".utf8)
                    }
                }
                try data.write(to: URL(fileURLWithPath: directory + "/" + name))
            }
            try FileManager.default.createDirectory(atPath: directory + "/bundle", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: builder.runcRoot, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(spec).write(to: URL(fileURLWithPath: directory + "/bundle/config.json"))
        } catch {
            throw EngineError(.internalError, "build: prepare the RUN bundle in \(directory)", cause: "\(error)")
        }
        let output = self.output
        let runcRoot = builder.runcRoot
        let arguments = ["--root", runcRoot, "run", "--bundle", directory + "/bundle", containerID]
        // A cancelled build kills the step's container; `runc run` then returns and the step cleans up.
        let result: Result<BuildProcess.Outcome, EngineError> = await withTaskCancellationHandler {
            do throws(EngineError) {
                return .success(try await BuildProcess.run(runc, arguments) { line in output("#\(number) \(line)") })
            } catch {
                return .failure(error)
            }
        } onCancel: {
            let kill = Process()
            kill.executableURL = URL(fileURLWithPath: runc)
            kill.arguments = ["--root", runcRoot, "kill", containerID, "KILL"]
            try? kill.run()
        }
        let outcome = try result.get()
        if Task.isCancelled { throw location.error("\(display): build cancelled", .unavailable) }
        guard outcome.status == 0 else {
            throw location.error("\(display): exit code \(outcome.status)")
        }
    }
}
