import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// A temporary rootfs holding only /etc/passwd and /etc/group, removed when released.
final class SpecTestRootfs: @unchecked Sendable {
    let path = NSTemporaryDirectory() + "swift-compose-spec-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: path + "/etc", withIntermediateDirectories: true)
        try "root:x:0:0:root:/root:/bin/sh\nappuser:x:1234:1234:app:/home/appuser:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/false\n"
            .write(toFile: path + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\nappuser:x:1234:\nstaff:x:50:appuser\naudio:x:29:\n"
            .write(toFile: path + "/etc/group", atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    static let id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    func inputs(_ spec: ContainerSpec, image: OCIImageConfig.Runtime? = nil, netns: String? = "/run/netns/c1",
                volumes: [String: String] = [:], initPath: String? = nil) -> RuntimeSpecInputs {
        RuntimeSpecInputs(id: Self.id, spec: spec, image: image, rootfs: path, hostsPath: "/c/hosts", hostnamePath: "/c/hostname",
                          resolvConfPath: "/c/resolv.conf", networkNamespacePath: netns, volumeSources: volumes,
                          initPath: initPath, cgroupsPath: "/swift-compose/\(Self.id)")
    }

    func make(_ spec: ContainerSpec, image: OCIImageConfig.Runtime? = nil, netns: String? = "/run/netns/c1",
              volumes: [String: String] = [:], initPath: String? = nil) throws -> OCIRuntimeSpec {
        try RuntimeSpecBuilder.make(inputs(spec, image: image, netns: netns, volumes: volumes, initPath: initPath))
    }
}

func specImage(entrypoint: [String]? = nil, cmd: [String]? = nil, env: [String]? = nil, user: String? = nil,
               workingDir: String? = nil) -> OCIImageConfig.Runtime {
    var image = OCIImageConfig.Runtime()
    image.entrypoint = entrypoint
    image.cmd = cmd
    image.env = env
    image.user = user
    image.workingDir = workingDir
    return image
}

func specContainer(_ configure: (inout ContainerSpec) -> Void = { _ in }) -> ContainerSpec {
    var spec = ContainerSpec(name: "web", image: "busybox")
    spec.command = ["/bin/sh"]
    configure(&spec)
    return spec
}

@Suite("Runtime spec: process")
struct RuntimeSpecProcessTests {
    let rootfs: SpecTestRootfs
    init() throws { rootfs = try SpecTestRootfs() }

    func args(_ spec: ContainerSpec, _ image: OCIImageConfig.Runtime?) throws -> [String] {
        try #require(try rootfs.make(spec, image: image).process).args
    }

    @Test("args: image entrypoint + cmd; command replaces cmd; an entrypoint resets the image cmd; empty arrays are empty")
    func arguments() throws {
        let image = specImage(entrypoint: ["/entry"], cmd: ["default"])
        var spec = ContainerSpec(name: "web", image: "i")
        #expect(try args(spec, image) == ["/entry", "default"])
        spec.command = ["run", "x"]
        #expect(try args(spec, image) == ["/entry", "run", "x"])
        spec.command = nil
        spec.entrypoint = ["/other"]
        #expect(try args(spec, image) == ["/other"])
        spec.command = ["c"]
        #expect(try args(spec, image) == ["/other", "c"])
        spec.entrypoint = []
        #expect(try args(spec, image) == ["c"])
        spec.command = []
        #expect(throws: EngineError.self) { try args(spec, image) }
        #expect(throws: EngineError.self) { try args(ContainerSpec(name: "web", image: "i"), nil) }
    }

    @Test("init: /sbin/docker-init -- prepended and the init binary bind-mounted read-only; no binary is an error")
    func initProcess() throws {
        let spec = specContainer { $0.initProcess = true }
        let result = try rootfs.make(spec, initPath: "/usr/bin/tini-static")
        #expect(result.process?.args == ["/sbin/docker-init", "--", "/bin/sh"])
        let mount = try #require(result.mounts.first { $0.destination == "/sbin/docker-init" })
        #expect(mount.source == "/usr/bin/tini-static")
        #expect(mount.type == "bind")
        #expect(mount.options?.contains("ro") == true)
        #expect(throws: EngineError.self) { try rootfs.make(spec) }
        #expect(try rootfs.make(specContainer()).mounts.contains { $0.destination == "/sbin/docker-init" } == false)
    }

    @Test("env: PATH and HOSTNAME defaults, image env replaced in place, overrides appended, valueless removed, HOME from passwd")
    func environment() throws {
        let image = specImage(env: ["PATH=/image/bin", "A=1", "B=2", "C=3"], user: "appuser")
        let spec = specContainer {
            $0.environment = [EnvironmentVariable("B", "two"), EnvironmentVariable("D", "4"), EnvironmentVariable("C", nil),
                              EnvironmentVariable("E", nil)]
        }
        let env = try rootfs.make(spec, image: image).process?.env
        #expect(env == ["PATH=/image/bin", "HOSTNAME=0123456789ab", "A=1", "B=two", "D=4", "HOME=/home/appuser"])
        let plain = try rootfs.make(specContainer { $0.tty = true; $0.environment = [EnvironmentVariable("HOME", "/x")] }).process?.env
        #expect(plain == [DockerRuntimeDefaults.path, "HOSTNAME=0123456789ab", "TERM=xterm", "HOME=/x"])
    }

    @Test("user: name, uid, uid:gid, name:group from the rootfs; image User when unset; group_add; unknown names fail")
    func user() throws {
        func user(_ text: String?, image: String? = nil, groupAdd: [String] = []) throws -> OCIRuntimeSpec.User {
            try #require(try rootfs.make(specContainer { $0.user = text; $0.groupAdd = groupAdd }, image: specImage(user: image)).process).user
        }
        #expect(try user(nil) == .init(uid: 0, gid: 0))
        #expect(try user("appuser") == .init(uid: 1234, gid: 1234, additionalGids: [50]))
        #expect(try user("1234") == .init(uid: 1234, gid: 1234, additionalGids: [50]))
        #expect(try user("1234:29") == .init(uid: 1234, gid: 29))
        #expect(try user("appuser:staff") == .init(uid: 1234, gid: 50))
        #expect(try user("4321") == .init(uid: 4321, gid: 0))
        #expect(try user(nil, image: "nobody") == .init(uid: 65534, gid: 65534))
        #expect(try user("", image: "appuser").uid == 1234)
        #expect(try user("appuser", groupAdd: ["audio", "99", "staff"]) == .init(uid: 1234, gid: 1234, additionalGids: [50, 29, 99]))
        #expect(throws: EngineError.self) { try user("ghost") }
        #expect(throws: EngineError.self) { try user("appuser", groupAdd: ["ghosts"]) }
        let home = try rootfs.make(specContainer { $0.user = "4321" }).process?.env?.last
        #expect(home == "HOME=/")
    }

    @Test("cwd: working_dir, else the image's, else /; relative is an error")
    func workingDirectory() throws {
        #expect(try rootfs.make(specContainer()).process?.cwd == "/")
        #expect(try rootfs.make(specContainer(), image: specImage(workingDir: "/app")).process?.cwd == "/app")
        #expect(try rootfs.make(specContainer { $0.workingDir = "/srv" }, image: specImage(workingDir: "/app")).process?.cwd == "/srv")
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.workingDir = "srv" }) }
    }

    @Test("capabilities: Docker's 14; drop and add with or without CAP_; ALL both ways; privileged; unknown fails")
    func capabilities() throws {
        func caps(add: [String] = [], drop: [String] = [], privileged: Bool = false) throws -> [String] {
            let spec = specContainer { $0.capAdd = add; $0.capDrop = drop; $0.privileged = privileged }
            let set = try #require(try rootfs.make(spec).process?.capabilities)
            #expect(set.bounding == set.effective && set.effective == set.permitted)
            #expect(set.inheritable == nil && set.ambient == nil)
            return set.bounding ?? []
        }
        #expect(try caps() == DockerRuntimeDefaults.capabilities)
        #expect(try caps().count == 14)
        let tweaked = try caps(add: ["NET_ADMIN", "CAP_SYS_PTRACE", "net_admin"], drop: ["MKNOD", "CAP_KILL"])
        #expect(tweaked == DockerRuntimeDefaults.capabilities.filter { $0 != "CAP_MKNOD" && $0 != "CAP_KILL" } + ["CAP_NET_ADMIN", "CAP_SYS_PTRACE"])
        #expect(try caps(add: ["ALL"], drop: ["NET_ADMIN"]) == DockerRuntimeDefaults.allCapabilities.filter { $0 != "CAP_NET_ADMIN" })
        #expect(try caps(add: ["CHOWN"], drop: ["ALL"]) == ["CAP_CHOWN"])
        #expect(try caps(drop: ["NET_RAW"], privileged: true) == DockerRuntimeDefaults.allCapabilities)
        #expect(DockerRuntimeDefaults.allCapabilities.count >= 38)
        #expect(throws: EngineError.self) { try caps(add: ["FLY"]) }
    }

    @Test("ulimits → rlimits; negative is unlimited; soft above hard and unknown names fail")
    func rlimits() throws {
        let spec = specContainer { $0.ulimits = [Ulimit(name: "nofile", soft: 1024, hard: 4096), Ulimit(name: "core", soft: -1, hard: -1)] }
        #expect(try rootfs.make(spec).process?.rlimits == [.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 4096),
                                                           .init(type: "RLIMIT_CORE", soft: UInt64.max, hard: UInt64.max)])
        #expect(try rootfs.make(specContainer()).process?.rlimits == nil)
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.ulimits = [Ulimit(name: "nofile", soft: 9, hard: 8)] }) }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.ulimits = [Ulimit(name: "fly", soft: 1, hard: 1)] }) }
    }

    @Test("no-new-privileges from security_opt, OOM score adjustment, terminal from tty")
    func processFlags() throws {
        #expect(try rootfs.make(specContainer { $0.securityOptions = ["no-new-privileges:true"] }).process?.noNewPrivileges == true)
        #expect(try rootfs.make(specContainer { $0.securityOptions = ["no-new-privileges"] }).process?.noNewPrivileges == true)
        #expect(try rootfs.make(specContainer { $0.securityOptions = ["no-new-privileges:false"] }).process?.noNewPrivileges == false)
        #expect(try rootfs.make(specContainer { $0.resources.oomScoreAdj = 500 }).process?.oomScoreAdj == 500)
        #expect(try rootfs.make(specContainer()).process?.terminal == false)
        #expect(try rootfs.make(specContainer { $0.tty = true }).process?.terminal == true)
    }

    @Test("exec process: the container's env plus the exec's, another user with its HOME, cwd, privileged caps")
    func execProcess() throws {
        let container = try #require(try rootfs.make(specContainer { $0.environment = [EnvironmentVariable("A", "1")] }).process)
        let exec = try RuntimeSpecBuilder.execProcess(container: container, args: ["id"], environment: [EnvironmentVariable("B", "2")],
                                                      user: "appuser", workingDir: "/tmp", privileged: true, rootfs: rootfs.path)
        #expect(exec.args == ["id"])
        #expect(exec.user == .init(uid: 1234, gid: 1234, additionalGids: [50]))
        #expect(exec.env == [DockerRuntimeDefaults.path, "HOSTNAME=0123456789ab", "A=1", "HOME=/home/appuser", "B=2"])
        #expect(exec.cwd == "/tmp")
        #expect(exec.capabilities?.bounding == DockerRuntimeDefaults.allCapabilities)
        let same = try RuntimeSpecBuilder.execProcess(container: container, args: ["ls"], rootfs: rootfs.path)
        #expect(same.user == container.user && same.cwd == container.cwd && same.env == container.env)
        #expect(throws: EngineError.self) { try RuntimeSpecBuilder.execProcess(container: container, args: [], rootfs: rootfs.path) }
    }
}
