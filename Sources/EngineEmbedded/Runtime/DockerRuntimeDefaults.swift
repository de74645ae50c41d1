import Foundation

/// Docker's defaults for a container's runtime spec (moby `oci.DefaultLinuxSpec`, checked against
/// `docker run` on this machine kind), kept in one place for containers and build steps alike.
enum DockerRuntimeDefaults {
    /// The 14 capabilities of a non-privileged container (CapBnd `a80425fb`).
    static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    /// Every capability Linux defines, in number order (0…40); `allCapabilities` cuts it to the running kernel's.
    static let knownCapabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ]

    /// What `privileged` and `cap_add: [ALL]` give: the capabilities in this process's bounding set (a
    /// container cannot get more: runc fails with "unable to apply caps"; this machine kind lacks
    /// CAP_SYS_RESOURCE there), else those this kernel has.
    static let allCapabilities: [String] = {
        let status = ProcFile.read("/proc/self/status") ?? ""
        if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapBnd:") }),
           let mask = UInt64(line.dropFirst("CapBnd:".count).trimmingCharacters(in: .whitespaces), radix: 16) {
            return knownCapabilities.enumerated().filter { mask & (UInt64(1) << UInt64($0.offset)) != 0 }.map(\.element)
        }
        guard let text = ProcFile.read("/proc/sys/kernel/cap_last_cap"),
              let last = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), last >= 0 else { return knownCapabilities }
        return Array(knownCapabilities.prefix(last + 1))
    }()

    static let maskedPaths = [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ]

    static let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    static let path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The default size of `/dev/shm` (64 MiB).
    static let shmSize: Int64 = 64 << 20

    /// Where `init: true` mounts the init binary, which becomes `args[0]`.
    static let initDestination = "/sbin/docker-init"

    /// The kernel filesystems every container gets, parents first. `privileged` mounts /sys and the cgroups rw.
    static func kernelMounts(shmSize: Int64, privileged: Bool) -> [OCIRuntimeSpec.Mount] {
        let sysMode = privileged ? "rw" : "ro"
        return [
            .init(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            .init(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            .init(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", sysMode]),
            .init(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: [sysMode, "nosuid", "noexec", "nodev"]),
            .init(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=\(shmSize)"]),
        ]
    }

    /// The sysctls Docker sets in a container's own network namespace: unprivileged ping and low ports.
    static let networkSysctls = ["net.ipv4.ping_group_range": "0 2147483647", "net.ipv4.ip_unprivileged_port_start": "0"]

    /// Sysctls that belong to the IPC namespace (runc refuses them with the host's IPC namespace).
    static func isIPCSysctl(_ key: String) -> Bool {
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
         "kernel.shm_rmid_forced"].contains(key) || key.hasPrefix("fs.mqueue.")
    }

    /// `ulimits` names Docker accepts, as `RLIMIT_*` suffixes.
    static let rlimitNames: Set<String> = [
        "AS", "CORE", "CPU", "DATA", "FSIZE", "LOCKS", "MEMLOCK", "MSGQUEUE", "NICE", "NOFILE", "NPROC", "RSS", "RTPRIO",
        "RTTIME", "SIGPENDING", "STACK",
    ]
}
