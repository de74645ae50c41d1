import Crypto
import EngineAPI

/// Digests a container spec by field group, so a plan can say which part of a container changed.
///
/// Groups (algorithm version 1) and what each covers:
/// - `image`: image reference, platform
/// - `command`: entrypoint, command, working directory, tty, stdin_open
/// - `environment`: environment variables
/// - `labels`: the user's labels (not the `com.docker.compose.*` / `io.swift-compose.*` ones, which carry
///   ownership, paths and the digests themselves)
/// - `ports`: published and exposed ports
/// - `mounts`: volumes, binds, tmpfs, volumes_from, secrets and configs (for inline or environment
///   content only that there is content, never the text: a digest of a short secret in a label could be
///   brute-forced)
/// - `networks`: network mode, attachments (aliases, addresses, links, priorities), hostname, domain name,
///   DNS settings, extra hosts, MAC address
/// - `security`: user, group_add, privileged, capabilities, security options, read-only root filesystem
/// - `resources`: memory, CPU, pids, shm size, OOM settings, ulimits, devices
/// - `runtime`: runtime, init, pid and ipc modes, sysctls, stop signal and timeout
/// - `logging`, `healthcheck`, `restart`
///
/// The container name is not digested: a replacement runs under a temporary name first. The container's
/// own name is one of its network aliases, and legacy links name every container of the linked service,
/// so replicas of one service differ in their `networks` digest, and scaling a linked service changes its
/// linkers' (links are fixed when a container is created: a new replica is linked only by a new container).
enum FieldDigester {
    /// Characters of a group digest kept in the field-digests label (64 bits: enough to tell versions
    /// of one container apart, short enough for a label).
    static let groupDigestLength = 16

    static func digests(of spec: ContainerSpec) -> FieldDigests {
        var groups: [String: String] = [:]
        for (name, text) in encodedGroups(of: spec) {
            groups[name] = String(sha256(text).prefix(groupDigestLength))
        }
        let combinedInput = groups.keys.sorted().map { "\($0)=\(groups[$0] ?? "")\n" }.joined()
        return FieldDigests(groups: groups, combined: sha256(combinedInput))
    }

    /// Whether a label is ours or docker compose's rather than the user's.
    static func isToolLabel(_ key: String) -> Bool {
        key.hasPrefix("com.docker.compose.") || key.hasPrefix("io.swift-compose.")
    }

    static func encodedGroups(of spec: ContainerSpec) -> [String: String] {
        var groups: [String: String] = [:]
        func group(_ name: String, _ write: (inout DigestEncoder) -> Void) {
            var encoder = DigestEncoder()
            write(&encoder)
            groups[name] = encoder.text
        }
        group("image") { e in
            e.field("image", spec.image)
            e.field("platform", spec.platform)
        }
        group("command") { e in
            e.optionalList("entrypoint", spec.entrypoint)
            e.optionalList("command", spec.command)
            e.field("working_dir", spec.workingDir)
            e.field("tty", spec.tty)
            e.field("stdin_open", spec.stdinOpen)
        }
        group("environment") { e in
            e.records("variables", spec.environment) { e, variable in
                e.field("name", variable.name)
                e.field("value", variable.value)
            }
        }
        group("labels") { e in
            e.field("labels", spec.labels.filter { !isToolLabel($0.key) })
        }
        group("ports") { e in
            e.records("ports", spec.ports) { e, port in
                e.field("target", port.containerPort)
                e.field("protocol", port.portProtocol.rawValue)
                e.field("host_ip", port.hostIP)
                e.field("published", port.hostPort)
            }
            e.field("expose", spec.exposedPorts)
        }
        group("mounts") { e in encodeMounts(spec, &e) }
        group("networks") { e in encodeNetworks(spec, &e) }
        group("security") { e in
            e.field("user", spec.user)
            e.field("group_add", spec.groupAdd)
            e.field("privileged", spec.privileged)
            e.field("cap_add", spec.capAdd)
            e.field("cap_drop", spec.capDrop)
            e.field("security_opt", spec.securityOptions)
            e.field("read_only", spec.readOnlyRootFilesystem)
        }
        group("resources") { e in encodeResources(spec, &e) }
        group("runtime") { e in
            e.field("runtime", spec.runtime)
            e.field("init", spec.initProcess)
            e.field("pid", spec.pidMode)
            e.field("ipc", spec.ipcMode)
            e.field("sysctls", spec.sysctls)
            e.field("stop_signal", spec.stopSignal)
            e.field("stop_timeout", spec.stopTimeout)
        }
        group("logging") { e in
            guard let logging = spec.logging else { return }
            e.field("driver", logging.driver)
            e.field("options", logging.options)
        }
        group("healthcheck") { e in
            guard let check = spec.healthcheck else { return }
            e.optionalList("test", check.test)
            e.field("interval", check.intervalNanoseconds)
            e.field("timeout", check.timeoutNanoseconds)
            e.field("start_period", check.startPeriodNanoseconds)
            e.field("start_interval", check.startIntervalNanoseconds)
            e.field("retries", check.retries)
        }
        group("restart") { e in
            switch spec.restartPolicy {
            case .no: break
            case .always: e.field("policy", "always")
            case .unlessStopped: e.field("policy", "unless-stopped")
            case .onFailure(let retries):
                e.field("policy", "on-failure")
                e.field("max_retries", retries)
            }
        }
        return groups
    }

    private static func encodeMounts(_ spec: ContainerSpec, _ e: inout DigestEncoder) {
        e.records("mounts", spec.mounts) { e, mount in
            e.field("type", mount.kind.rawValue)
            e.field("source", mount.source)
            e.field("target", mount.target)
            e.field("read_only", mount.readOnly)
            e.field("consistency", mount.consistency)
            e.field("propagation", mount.bindPropagation)
            // Recorded only when off: true is the default, and defaults are left out.
            e.field("no_create_host_path", !mount.bindCreateHostPath)
            e.field("selinux", mount.selinux)
            e.field("nocopy", mount.volumeNoCopy)
            e.field("subpath", mount.volumeSubpath)
            e.field("tmpfs_size", mount.tmpfsSize)
            e.field("tmpfs_mode", mount.tmpfsMode)
        }
        e.field("tmpfs", spec.tmpfs)
        e.field("volumes_from", spec.volumesFrom)
        e.records("files", spec.injectedFiles) { e, file in
            e.field("target", file.target)
            switch file.source {
            case .content: e.field("content", true)
            case .hostFile(let path): e.field("file", path)
            }
            e.field("uid", file.uid)
            e.field("gid", file.gid)
            e.field("mode", file.mode)
        }
    }

    private static func encodeNetworks(_ spec: ContainerSpec, _ e: inout DigestEncoder) {
        e.field("network_mode", spec.networkMode)
        e.records("attachments", spec.networks) { e, attachment in
            e.field("network", attachment.network)
            e.field("aliases", attachment.aliases)
            e.field("ipv4_address", attachment.ipv4Address)
            e.field("ipv6_address", attachment.ipv6Address)
            e.field("link_local_ips", attachment.linkLocalIPs)
            e.field("mac_address", attachment.macAddress)
            e.field("priority", attachment.priority)
            e.field("gw_priority", attachment.gatewayPriority)
            e.field("driver_opts", attachment.driverOptions)
            e.field("links", attachment.links)
        }
        e.field("hostname", spec.hostname)
        e.field("domainname", spec.domainname)
        e.field("dns", spec.dns)
        e.field("dns_search", spec.dnsSearch)
        e.field("dns_opt", spec.dnsOptions)
        e.field("extra_hosts", spec.extraHosts)
        e.field("mac_address", spec.macAddress)
    }

    private static func encodeResources(_ spec: ContainerSpec, _ e: inout DigestEncoder) {
        let limits = spec.resources
        e.field("memory", limits.memoryBytes)
        e.field("memory_reservation", limits.memoryReservationBytes)
        e.field("memory_swap", limits.memorySwapBytes)
        e.field("nano_cpus", limits.nanoCPUs)
        e.field("cpu_shares", limits.cpuShares)
        e.field("cpuset", limits.cpuset)
        e.field("pids_limit", limits.pidsLimit)
        e.field("shm_size", limits.shmSizeBytes)
        e.field("oom_kill_disable", limits.oomKillDisable)
        e.field("oom_score_adj", limits.oomScoreAdj)
        e.records("ulimits", spec.ulimits) { e, limit in
            e.field("name", limit.name)
            e.field("soft", limit.soft)
            e.field("hard", limit.hard)
        }
        e.records("devices", spec.devices) { e, device in
            e.field("host", device.hostPath)
            e.field("container", device.containerPath)
            e.field("permissions", device.permissions)
        }
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
