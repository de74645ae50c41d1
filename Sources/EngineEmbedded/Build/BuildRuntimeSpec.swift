/// The OCI runtime spec (`config.json`) of a RUN step's container: Docker's defaults for a build container
/// (14 capabilities, masked and read-only /proc paths, the standard mounts) on the host network, with the
/// step's own copies of `/etc/hosts` and `/etc/resolv.conf`.
struct BuildRuntimeSpec: Encodable {
    struct Process: Encodable {
        struct User: Encodable {
            var uid: UInt32
            var gid: UInt32
            var additionalGids: [UInt32]?
        }

        struct Capabilities: Encodable {
            var bounding: [String]
            var effective: [String]
            var permitted: [String]
        }

        var terminal = false
        var user: User
        var args: [String]
        var env: [String]
        var cwd: String
        var capabilities: Capabilities
        var noNewPrivileges = false
    }

    struct Root: Encodable {
        var path: String
        var readonly = false
    }

    struct Mount: Encodable {
        var destination: String
        var type: String
        var source: String
        var options: [String]
    }

    struct Linux: Encodable {
        struct Namespace: Encodable { var type: String }
        struct Resources: Encodable {
            struct Device: Encodable {
                var allow: Bool
                var access: String
            }

            var devices: [Device]
        }

        var namespaces: [Namespace]
        var cgroupsPath: String
        var resources: Resources
        var maskedPaths: [String]
        var readonlyPaths: [String]
    }

    var ociVersion = "1.0.2"
    var process: Process
    var root: Root
    var hostname: String
    var mounts: [Mount]
    var linux: Linux

    static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    init(args: [String], env: [String], cwd: String, user: RootfsUsers.Resolved, rootfs: String, hostname: String,
         hosts: String, resolvConf: String, cgroupsPath: String) {
        var environment = env
        if !environment.contains(where: { $0.hasPrefix("PATH=") }) { environment.insert(Self.defaultPath, at: 0) }
        if !environment.contains(where: { $0.hasPrefix("HOSTNAME=") }) { environment.append("HOSTNAME=\(hostname)") }
        if !environment.contains(where: { $0.hasPrefix("HOME=") }) { environment.append("HOME=\(user.home)") }
        let caps = Self.capabilities
        process = Process(user: .init(uid: user.uid, gid: user.gid, additionalGids: user.additionalGids.isEmpty ? nil : user.additionalGids),
                          args: args, env: environment, cwd: cwd,
                          capabilities: .init(bounding: caps, effective: caps, permitted: caps))
        root = Root(path: rootfs)
        self.hostname = hostname
        mounts = [
            Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["ro", "nosuid", "noexec", "nodev"]),
            Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]),
            Mount(destination: "/etc/resolv.conf", type: "bind", source: resolvConf, options: ["rbind", "rprivate"]),
            Mount(destination: "/etc/hosts", type: "bind", source: hosts, options: ["rbind", "rprivate"]),
        ]
        linux = Linux(
            namespaces: ["pid", "ipc", "uts", "mount"].map { .init(type: $0) },
            cgroupsPath: cgroupsPath,
            resources: .init(devices: [.init(allow: false, access: "rwm")]),
            maskedPaths: ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                          "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"],
            readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
    }

    /// The paths runc creates in the rootfs as mountpoints when they are missing: removed from the step's
    /// upper directory before the layer is made, unless the image had them.
    static let mountpointStubs = ["proc", "sys", "dev", "etc/resolv.conf", "etc/hosts", "etc"]
}
