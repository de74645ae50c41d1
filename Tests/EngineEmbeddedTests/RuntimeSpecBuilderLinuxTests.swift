import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

@Suite("Runtime spec: mounts, namespaces, resources")
struct RuntimeSpecLinuxTests {
    let rootfs: SpecTestRootfs
    init() throws { rootfs = try SpecTestRootfs() }

    @Test("the standard mounts and the container's files, with /dev/shm sized by shm_size")
    func standardMounts() throws {
        let result = try rootfs.make(specContainer())
        #expect(result.mounts.map(\.destination) == ["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                                                     "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"])
        #expect(result.mounts.first { $0.destination == "/dev/shm" }?.options?.contains("size=67108864") == true)
        #expect(result.mounts.first { $0.destination == "/sys" }?.options?.contains("ro") == true)
        #expect(result.mounts.first { $0.destination == "/etc/hosts" } == .init(destination: "/etc/hosts", type: "bind", source: "/c/hosts",
                                                                                  options: ["rbind", "rprivate"]))
        let shm = try rootfs.make(specContainer { $0.resources.shmSizeBytes = 1 << 20 })
        #expect(shm.mounts.first { $0.destination == "/dev/shm" }?.options?.contains("size=1048576") == true)
        #expect(result.root == .init(path: rootfs.path, readonly: nil))
        #expect(result.linux?.maskedPaths == DockerRuntimeDefaults.maskedPaths)
        #expect(result.linux?.readonlyPaths == DockerRuntimeDefaults.readonlyPaths)
        #expect(result.linux?.resources?.devices == [.init(allow: false, access: "rwm")])
        #expect(result.linux?.cgroupsPath == "/swift-compose/\(SpecTestRootfs.id)")
    }

    @Test("binds, volumes and tmpfs: options, propagation, a sort that puts parents first, user mounts replace defaults")
    func userMounts() throws {
        var deep = MountSpec(kind: .bind, source: "/srv/a/b", target: "/data/inner/x", readOnly: true)
        deep.bindPropagation = "rslave"
        var tmp = MountSpec(kind: .tmpfs, source: nil, target: "/scratch")
        tmp.tmpfsSize = 1_048_576
        tmp.tmpfsMode = 0o1777
        var sub = MountSpec(kind: .volume, source: "v", target: "/sub")
        sub.volumeSubpath = "a/b"
        let spec = specContainer {
            $0.mounts = [deep, MountSpec(kind: .volume, source: "data", target: "/data"), MountSpec(kind: .volume, source: nil, target: "/anon/"),
                         tmp, sub, MountSpec(kind: .bind, source: "/my/hosts", target: "/etc/hosts", readOnly: true),
                         MountSpec(kind: .tmpfs, source: nil, target: "/dev/shm")]
            $0.tmpfs = ["/run": "size=1m,mode=755,exec", "/data/cache": ""]
        }
        let result = try rootfs.make(spec, volumes: ["/data": "/vol/data/_data", "/anon/": "/vol/anon/_data", "/sub": "/vol/v/_data"])
        let user = result.mounts.dropFirst(6)
        #expect(user.map(\.destination) == ["/data", "/anon", "/scratch", "/sub", "/run", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts",
                                            "/dev/shm", "/data/cache", "/data/inner/x"])
        #expect(result.mounts.filter { $0.destination == "/dev/shm" }.count == 1)
        func mount(_ destination: String) -> OCIRuntimeSpec.Mount? { result.mounts.first { $0.destination == destination } }
        #expect(mount("/etc/hosts") == .init(destination: "/etc/hosts", type: "bind", source: "/my/hosts", options: ["rbind", "rprivate", "ro"]))
        #expect(mount("/data/inner/x") == .init(destination: "/data/inner/x", type: "bind", source: "/srv/a/b", options: ["rbind", "rslave", "ro"]))
        #expect(mount("/data") == .init(destination: "/data", type: "bind", source: "/vol/data/_data", options: ["rbind", "rprivate", "rw"]))
        #expect(mount("/anon")?.source == "/vol/anon/_data")
        #expect(mount("/sub")?.source == "/vol/v/_data/a/b")
        #expect(mount("/scratch") == .init(destination: "/scratch", type: "tmpfs", source: "tmpfs",
                                           options: ["nosuid", "nodev", "noexec", "size=1048576", "mode=1777"]))
        #expect(mount("/run")?.options == ["nosuid", "nodev", "size=1m", "mode=755", "exec"])
        #expect(mount("/data/cache")?.options == ["nosuid", "nodev", "noexec"])
        #expect(mount("/dev/shm")?.options == ["nosuid", "nodev", "noexec"])
        #expect(result.linux?.rootfsPropagation == "rslave")
    }

    @Test("mount errors: a volume without a directory, a relative bind source, a duplicate target, an image mount")
    func mountErrors() throws {
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.mounts = [MountSpec(kind: .volume, source: "x", target: "/x")] }) }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.mounts = [MountSpec(kind: .bind, source: "rel", target: "/x")] }) }
        #expect(throws: EngineError.self) {
            try rootfs.make(specContainer { $0.mounts = [MountSpec(kind: .bind, source: "/a", target: "/x")]; $0.tmpfs = ["/x/": ""] })
        }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.mounts = [MountSpec(kind: .image, source: "img", target: "/x")] }) }
        var escaping = MountSpec(kind: .volume, source: "v", target: "/v")
        escaping.volumeSubpath = "../../etc"
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.mounts = [escaping] }, volumes: ["/v": "/vol"]) }
    }

    @Test("read_only, privileged (all devices, rw /sys, no masked paths), hostname, domainname, annotations")
    func rootAndIdentity() throws {
        let result = try rootfs.make(specContainer {
            $0.readOnlyRootFilesystem = true
            $0.privileged = true
            $0.hostname = "web1"
            $0.domainname = "example.org"
            $0.labels = ["com.docker.compose.service": "web"]
        })
        #expect(result.root?.readonly == true)
        #expect(result.hostname == "web1")
        #expect(result.domainname == "example.org")
        #expect(result.annotations == ["com.docker.compose.service": "web"])
        #expect(result.linux?.maskedPaths == nil && result.linux?.readonlyPaths == nil)
        #expect(result.linux?.resources?.devices == [.init(allow: true, access: "rwm")])
        #expect(result.mounts.first { $0.destination == "/sys" }?.options?.contains("rw") == true)
        #expect(result.mounts.first { $0.destination == "/sys/fs/cgroup" }?.options?.contains("rw") == true)
        let plain = try rootfs.make(specContainer())
        #expect(plain.hostname == "0123456789ab")
        #expect(plain.annotations == nil)
        #expect(try rootfs.make(specContainer { $0.networkMode = "host" }, netns: nil).hostname == RuntimeSpecBuilder.hostHostname())
    }

    @Test("namespaces: a netns path, none (a new one), host (none), pid/ipc host and container paths; a path is required for other modes")
    func namespaces() throws {
        func kinds(_ spec: ContainerSpec, netns: String?, pid: String? = nil, ipc: String? = nil) throws -> [OCIRuntimeSpec.Namespace] {
            var inputs = rootfs.inputs(spec, netns: netns)
            inputs.pidNamespacePath = pid
            inputs.ipcNamespacePath = ipc
            return try #require(try RuntimeSpecBuilder.make(inputs).linux).namespaces
        }
        #expect(try kinds(specContainer(), netns: "/run/netns/a") == [.init(.pid), .init(.ipc), .init(.uts), .init(.mount),
                                                                            .init(.network, path: "/run/netns/a")])
        #expect(try kinds(specContainer { $0.networkMode = "none" }, netns: nil).last == .init(.network))
        #expect(try kinds(specContainer { $0.networkMode = "host"; $0.pidMode = "host"; $0.ipcMode = "host" }, netns: nil)
            == [.init(.uts), .init(.mount)])
        #expect(try kinds(specContainer { $0.pidMode = "container:x"; $0.ipcMode = "shareable" }, netns: "/n", pid: "/proc/9/ns/pid")
            .prefix(2) == [.init(.pid, path: "/proc/9/ns/pid"), .init(.ipc)])
        #expect(throws: EngineError.self) { try kinds(specContainer(), netns: nil) }
        #expect(throws: EngineError.self) { try kinds(specContainer { $0.pidMode = "container:x" }, netns: "/n") }
        #expect(throws: EngineError.self) { try kinds(specContainer { $0.networkMode = "container:db" }, netns: nil) }
    }

    @Test("sysctls: Docker's two network defaults only with an own network namespace, then the given ones; net.* on the host network fails")
    func sysctls() throws {
        let own = try rootfs.make(specContainer { $0.sysctls = ["net.core.somaxconn": "1024", "net.ipv4.ip_unprivileged_port_start": "80"] })
        #expect(own.linux?.sysctl == ["net.ipv4.ping_group_range": "0 2147483647", "net.ipv4.ip_unprivileged_port_start": "80",
                                      "net.core.somaxconn": "1024"])
        #expect(try rootfs.make(specContainer { $0.networkMode = "host" }, netns: nil).linux?.sysctl == nil)
        #expect(try rootfs.make(specContainer { $0.networkMode = "host"; $0.sysctls = ["kernel.shmmax": "1"] }, netns: nil).linux?.sysctl
            == ["kernel.shmmax": "1"])
        #expect(throws: EngineError.self) {
            try rootfs.make(specContainer { $0.networkMode = "host"; $0.sysctls = ["net.core.somaxconn": "1"] }, netns: nil)
        }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.ipcMode = "host"; $0.sysctls = ["kernel.shmmax": "1"] }) }
    }

    @Test("resources: memory, reservation, default and explicit swap, OOM killer, cpus as quota, shares, cpuset, pids")
    func resources() throws {
        let result = try rootfs.make(specContainer {
            $0.resources.memoryBytes = 64 << 20
            $0.resources.memoryReservationBytes = 32 << 20
            $0.resources.oomKillDisable = true
            $0.resources.nanoCPUs = 500_000_000
            $0.resources.cpuShares = 512
            $0.resources.cpuset = "0-1"
            $0.resources.pidsLimit = 50
        })
        let resources = try #require(result.linux?.resources)
        #expect(resources.memory?.limit == 64 << 20)
        #expect(resources.memory?.reservation == 32 << 20)
        #expect(resources.memory?.swap == 128 << 20)
        #expect(resources.memory?.disableOOMKiller == true)
        #expect(resources.cpu?.quota == 50000 && resources.cpu?.period == 100_000)
        #expect(resources.cpu?.shares == 512 && resources.cpu?.cpus == "0-1")
        #expect(resources.pids?.limit == 50)
        let swap = try rootfs.make(specContainer { $0.resources.memoryBytes = 64 << 20; $0.resources.memorySwapBytes = -1 })
        #expect(swap.linux?.resources?.memory?.swap == -1)
        let none = try #require(try rootfs.make(specContainer()).linux?.resources)
        #expect(none.memory == nil && none.cpu == nil && none.pids == nil)
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.resources.memorySwapBytes = 1 << 30 }) }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.resources.memoryBytes = 1 << 20 }) }
        #expect(throws: EngineError.self) {
            try rootfs.make(specContainer { $0.resources.memoryBytes = 64 << 20; $0.resources.memorySwapBytes = 32 << 20 })
        }
    }

    @Test("devices: node type and numbers from the host path, an allow rule with the permissions; a regular file fails")
    func devices() throws {
        let result = try rootfs.make(specContainer {
            $0.devices = [DeviceMapping(hostPath: "/dev/null", containerPath: "/dev/mynull", permissions: "rw"),
                          DeviceMapping(hostPath: "/dev/zero", containerPath: "")]
        })
        let linux = try #require(result.linux)
        #expect(linux.devices?.map(\.path) == ["/dev/mynull", "/dev/zero"])
        #expect(linux.devices?.first.map { ($0.type, $0.major, $0.minor) } ?? ("", 0, 0) == ("c", 1, 3))
        #expect(linux.devices?.last?.minor == 5)
        #expect(linux.resources?.devices == [.init(allow: false, access: "rwm"), .init(allow: true, type: "c", major: 1, minor: 3, access: "rw"),
                                             .init(allow: true, type: "c", major: 1, minor: 5, access: "rwm")])
        #expect(throws: EngineError.self) {
            try rootfs.make(specContainer { $0.devices = [DeviceMapping(hostPath: rootfs.path + "/etc/passwd", containerPath: "/dev/x")] })
        }
        #expect(throws: EngineError.self) { try rootfs.make(specContainer { $0.devices = [DeviceMapping(hostPath: "/dev/nope", containerPath: "/x")] }) }
    }

    @Test("encode: sorted keys, nil fields left out, unescaped slashes, and it decodes back to the same spec")
    func encoding() throws {
        let spec = try rootfs.make(specContainer { $0.resources.memoryBytes = 64 << 20 })
        let bytes = try RuntimeSpecBuilder.encode(spec)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\"hostname\":\"0123456789ab\",\"linux\":{"))
        #expect(text.contains("\"destination\":\"/proc\""))
        #expect(!text.contains("null"))
        #expect(!text.contains("domainname"))
        #expect(text.contains("\"memory\":{\"limit\":67108864,\"swap\":134217728}"))
        #expect(try JSONDecoder().decode(OCIRuntimeSpec.self, from: Data(bytes)) == spec)
    }

    @Test("runc's JSON log lines become the error's cause")
    func runcMessages() {
        let log = "{\"level\":\"warning\",\"msg\":\"w\",\"time\":\"t\"}\n{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"t\"}\n"
        #expect(RuncClient.messages(log, levels: ["error"]) == "container does not exist")
        #expect(RuncClient.messages(log) == "w; container does not exist")
        #expect(RuncClient.messages("plain text") == nil)
    }
}
