import EngineAPI
@testable import EngineEmbedded
import Foundation
import Glibc
import Testing

/// A busybox bundle whose config.json comes from `RuntimeSpecBuilder`, driven through `RuncClient` with
/// its own runc root. The container, its cgroups and every file are removed on release, pass or fail.
final class RuncTestBundle: @unchecked Sendable {
    static var enabled: Bool {
        getuid() == 0 && (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
            && ShimTestBundle.runc != nil && FileManager.default.fileExists(atPath: "/bin/busybox")
    }

    static let cgroupParent = "swift-compose-spec-test"

    let root = "/tmp/swift-compose-runc-\(UUID().uuidString)"
    let id = String((0..<4).map { _ in String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }.joined().prefix(64))
    var bundle: String { root + "/bundle" }
    var rootfs: String { bundle + "/rootfs" }
    var client: RuncClient { RuncClient(runc: ShimTestBundle.runc ?? "runc", root: root + "/runc") }
    private(set) var spec: OCIRuntimeSpec?

    init() throws {
        let fm = FileManager.default
        for dir in ["rootfs/bin", "rootfs/etc", "rootfs/tmp", "rootfs/home/appuser"] {
            try fm.createDirectory(atPath: bundle + "/" + dir, withIntermediateDirectories: true)
        }
        try fm.createDirectory(atPath: root + "/runc", withIntermediateDirectories: true)
        try fm.copyItem(atPath: "/bin/busybox", toPath: rootfs + "/bin/busybox")
        for tool in ["sh", "echo", "sleep", "cat", "id", "touch", "hostname", "true", "tr", "grep"] {
            try fm.createSymbolicLink(atPath: rootfs + "/bin/" + tool, withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\nappuser:x:1234:1234:app:/home/appuser:/bin/sh\n"
            .write(toFile: rootfs + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\nappuser:x:1234:\n".write(toFile: rootfs + "/etc/group", atomically: true, encoding: .utf8)
        for file in ["hosts", "hostname", "resolv.conf"] {
            try "# \(file)\n".write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        _ = try? client.delete(id, force: true)
        for controller in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            rmdir("/sys/fs/cgroup/\(controller)/\(Self.cgroupParent)/\(id)")
            rmdir("/sys/fs/cgroup/\(controller)/\(Self.cgroupParent)")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes config.json for `container` on the host network, creates and starts it.
    func start(_ container: ContainerSpec, initPath: String? = nil) throws {
        let inputs = RuntimeSpecInputs(id: id, spec: container, image: nil, rootfs: rootfs, hostsPath: root + "/hosts",
                                       hostnamePath: root + "/hostname", resolvConfPath: root + "/resolv.conf",
                                       initPath: initPath, cgroupsPath: "/\(Self.cgroupParent)/\(id)")
        let spec = try RuntimeSpecBuilder.make(inputs)
        self.spec = spec
        try Data(try RuntimeSpecBuilder.encode(spec)).write(to: URL(fileURLWithPath: bundle + "/config.json"))
        try client.create(id, bundle: bundle)
        #expect(try client.state(id)?.status == .created)
        #expect(RuncStateFile.read(root: client.root, id: id)?.status() == .created)
        try client.start(id)
    }

    func exec(_ script: String) throws -> RuncClient.ExecResult {
        try client.exec(id, args: ["/bin/sh", "-c", script])
    }

    /// Polls every 50 ms for at most 60 s.
    func wait(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}

func sleeper(_ configure: (inout ContainerSpec) -> Void = { _ in }) -> ContainerSpec {
    var spec = ContainerSpec(name: "runc-test", image: "busybox")
    spec.command = ["/bin/sleep", "1000"]
    spec.networkMode = "host"
    spec.labels = ["com.docker.compose.service": "web", "test": "runc-client"]
    configure(&spec)
    return spec
}

@Suite("runc client on a generated spec (root)",
       .enabled(if: RuncTestBundle.enabled, "needs root, runc, /bin/busybox and SWIFT_COMPOSE_IT containing 'embedded'"))
struct RuncClientTests {
    @Test("create, start, state, state.json, list, exec, pause, resume, ps, kill, delete")
    func lifecycle() throws {
        let bundle = try RuncTestBundle()
        let client = bundle.client
        #expect(try client.state(bundle.id) == nil)
        #expect(try client.list() == [])
        try bundle.start(sleeper())

        let state = try #require(try client.state(bundle.id))
        #expect(state.status == .running)
        #expect(state.pid > 0)
        #expect(state.bundle == bundle.bundle)
        #expect(state.annotations?["test"] == "runc-client")
        let file = try #require(RuncStateFile.read(root: client.root, id: bundle.id))
        #expect(file.status() == .running)
        #expect(file.initProcessPid == state.pid)
        #expect(file.initProcessStart > 0)
        #expect(file.bundle == bundle.bundle)
        #expect(file.annotations == ["com.docker.compose.service": "web", "test": "runc-client"])
        #expect(file.created.hasPrefix("20"))
        #expect(RuncStateFile.readAll(root: client.root).map(\.id) == [bundle.id])
        #expect(try client.list().map(\.id) == [bundle.id])

        let hi = try client.exec(bundle.id, args: ["echo", "hi"])
        #expect(hi.status == 0)
        #expect(hi.stdoutText == "hi\n")
        let three = try bundle.exec("echo oops >&2; exit 3")
        #expect(three.status == 3)
        #expect(three.stderrText == "oops\n")
        let asUser = try client.exec(bundle.id, args: ["id", "-u"], env: ["X=1"], cwd: "/tmp", user: "1234:1234")
        #expect(asUser.stdoutText == "1234\n")
        let container = try #require(bundle.spec?.process)
        let document = try RuntimeSpecBuilder.execProcess(container: container, args: ["/bin/sh", "-c", "id -u; echo $HOME $Y; pwd"],
                                                          environment: [EnvironmentVariable("Y", "2")], user: "appuser",
                                                          workingDir: "/home/appuser", rootfs: bundle.rootfs)
        #expect(try client.exec(bundle.id, process: document).stdoutText == "1234\n/home/appuser 2\n/home/appuser\n")
        #expect(throws: EngineError.self) { try client.exec(bundle.id, args: ["/nope"]) }
        #expect(throws: EngineError.self) { try client.exec("missing", args: ["true"]) }

        try client.pause(bundle.id)
        #expect(try client.state(bundle.id)?.status == .paused)
        #expect(file.status() == .paused)
        try client.resume(bundle.id)
        #expect(try client.state(bundle.id)?.status == .running)
        let pids = try client.processes(bundle.id)
        #expect(pids.contains(state.pid))

        try client.kill(bundle.id, signal: "KILL", all: true)
        #expect(bundle.wait { (try? client.state(bundle.id)?.status) == .stopped })
        #expect(file.status() == .stopped)
        #expect(throws: EngineError.self) { try client.start(bundle.id) }
        try client.delete(bundle.id)
        #expect(try client.state(bundle.id) == nil)
        #expect(RuncStateFile.read(root: client.root, id: bundle.id) == nil)
        try client.delete(bundle.id)
        try client.delete(bundle.id, force: true)
        #expect(try client.list() == [])
    }

    @Test("read_only with a tmpfs and a ro bind, a memory limit, the user from passwd, init, the host's hostname")
    func generatedSpecHolds() throws {
        let bundle = try RuncTestBundle()
        let data = bundle.root + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try "bound\n".write(toFile: data + "/hello", atomically: true, encoding: .utf8)
        let tini = ["/usr/bin/tini-static", "/usr/bin/docker-init"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try bundle.start(sleeper {
            $0.readOnlyRootFilesystem = true
            $0.tmpfs = ["/scratch": "size=1m"]
            $0.mounts = [MountSpec(kind: .bind, source: data, target: "/data", readOnly: true)]
            $0.resources.memoryBytes = 64 << 20
            $0.user = "appuser"
            $0.initProcess = tini != nil
        }, initPath: tini)

        #expect(try bundle.exec("touch /x").status != 0)
        let scratch = try bundle.exec("echo ok > /scratch/f && cat /scratch/f")
        #expect(scratch.status == 0)
        #expect(scratch.stdoutText == "ok\n")
        #expect(try bundle.exec("cat /data/hello").stdoutText == "bound\n")
        #expect(try bundle.exec("touch /data/y").status != 0)
        #expect(try bundle.exec("cat /sys/fs/cgroup/memory/memory.limit_in_bytes").stdoutText == "67108864\n")
        #expect(try bundle.exec("id -u; id -g; echo $HOME").stdoutText == "1234\n1234\n/home/appuser\n")
        #expect(try bundle.exec("hostname").stdoutText == RuntimeSpecBuilder.hostHostname() + "\n")
        #expect(try bundle.exec("cat /etc/hosts").stdoutText == "# hosts\n")
        if tini != nil {
            #expect(try bundle.exec("cat /proc/1/cmdline | tr '\\0' ' '").stdoutText.hasPrefix("/sbin/docker-init -- /bin/sleep"))
        }
        try bundle.client.kill(bundle.id, signal: "KILL")
        #expect(bundle.wait { (try? bundle.client.state(bundle.id)?.status) == .stopped })
        try bundle.client.delete(bundle.id)
    }

    @Test("own network namespace (none) with Docker's sysctls, the 14 capabilities, a mapped device, rlimits, pids limit")
    func dockerDefaultsHold() throws {
        let bundle = try RuncTestBundle()
        try bundle.start(sleeper {
            $0.networkMode = "none"
            $0.devices = [DeviceMapping(hostPath: "/dev/null", containerPath: "/dev/mynull", permissions: "rwm")]
            $0.ulimits = [Ulimit(name: "nofile", soft: 1000, hard: 2000)]
            $0.resources.pidsLimit = 50
            $0.capDrop = ["NET_RAW"]
        })
        #expect(try bundle.exec("cat /proc/sys/net/ipv4/ping_group_range").stdoutText == "0\t2147483647\n")
        #expect(try bundle.exec("cat /proc/sys/net/ipv4/ip_unprivileged_port_start").stdoutText == "0\n")
        // Docker's 14 (a80425fb) without CAP_NET_RAW (bit 13).
        #expect(try bundle.exec("grep CapBnd /proc/1/status").stdoutText == "CapBnd:\t00000000a80405fb\n")
        #expect(try bundle.exec("echo x > /dev/mynull && echo written").stdoutText == "written\n")
        #expect(try bundle.exec("grep 'open files' /proc/1/limits | tr -s ' '").stdoutText == "Max open files 1000 2000 files \n")
        #expect(try bundle.exec("cat /sys/fs/cgroup/pids/pids.max").stdoutText == "50\n")
        #expect(try bundle.exec("cat /proc/net/dev | grep -c :").stdoutText == "1\n")
        #expect(try bundle.exec("hostname").stdoutText == String(bundle.id.prefix(12)) + "\n")
    }

    @Test("privileged: every capability, rw /sys, no masked /proc paths")
    func privileged() throws {
        let bundle = try RuncTestBundle()
        try bundle.start(sleeper { $0.privileged = true })
        // The container's bounding set is the engine's own (the most it can give).
        let own = try #require(ProcFile.read("/proc/self/status")?.split(separator: "\n").first { $0.hasPrefix("CapBnd:") })
        #expect(try bundle.exec("grep CapBnd /proc/1/status").stdoutText == own + "\n")
        #expect(try bundle.exec("grep ' /sys ' /proc/mounts | grep -c rw,").stdoutText == "1\n")
        #expect(try bundle.exec("cat /proc/keys > /dev/null && echo readable").stdoutText == "readable\n")
    }
}
