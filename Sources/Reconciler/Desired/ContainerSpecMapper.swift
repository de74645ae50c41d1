import ComposeModel
import EngineAPI

/// Maps one service replica of the compose model to an engine-neutral `ContainerSpec` (labels aside), the
/// way docker compose v2.40.3 builds its create request (`pkg/compose/create.go`).
///
/// Attributes with no `ContainerSpec` field (cgroup settings, cpu period/quota, blkio, userns/uts,
/// isolation, storage_opt, annotations, gpus) are not mapped; `unmappedAttributes` names the ones a
/// service sets so the builder can warn.
struct ContainerSpecMapper {
    var project: ComposeProject
    var service: ComposeService
    var naming: ServiceNaming
    var context: DesiredProjectContext

    func spec(number: Int) throws(DesiredStateError) -> ContainerSpec {
        let name = naming.containerName(service: service.name, number: number)
        var spec = ContainerSpec(name: name, image: imageName)
        spec.command = service.command
        spec.entrypoint = service.entrypoint
        spec.environment = service.environment.keys.sorted().map { EnvironmentVariable($0, service.environment[$0] ?? nil) }
        spec.labels = service.labels
        spec.user = service.user
        spec.workingDir = service.workingDir
        spec.hostname = service.hostname
        spec.domainname = service.domainname
        spec.tty = service.tty ?? false
        spec.stdinOpen = service.stdinOpen ?? false
        spec.ports = try ports()
        spec.exposedPorts = exposedPorts()
        spec.mounts = try mounts()
        spec.volumesFrom = service.volumesFrom.map(volumesFromEntry)
        spec.injectedFiles = try injectedFiles()
        spec.tmpfs = tmpfs()
        if let mode = service.networkMode {
            spec.networkMode = naming.namespaceMode(mode)
        } else if project.networks.isEmpty {
            spec.networkMode = "none"
        } else {
            spec.networks = attachments(number: number, containerName: name)
        }
        spec.pidMode = naming.namespaceMode(service.pid)
        spec.ipcMode = naming.namespaceMode(service.ipc)
        spec.restartPolicy = try restartPolicy()
        spec.healthcheck = healthcheck()
        spec.logging = logging()
        spec.stopSignal = service.stopSignal
        // docker compose's ToSeconds: whole seconds, truncated.
        spec.stopTimeout = service.stopGracePeriod.map { Int($0.nanoseconds / 1_000_000_000) }
        spec.initProcess = service.initProcess
        spec.readOnlyRootFilesystem = service.readOnly ?? false
        spec.privileged = service.privileged ?? false
        spec.capAdd = service.capAdd
        spec.capDrop = service.capDrop
        spec.securityOptions = service.securityOpt.map(securityOption)
        spec.devices = service.devices.compactMap { device in
            guard let source = device.source else { return nil }
            return DeviceMapping(hostPath: source, containerPath: device.target ?? source, permissions: device.permissions ?? "rwm")
        }
        spec.dns = service.dns
        spec.dnsSearch = service.dnsSearch
        spec.dnsOptions = service.dnsOpt
        spec.extraHosts = service.extraHosts.map { "\($0.host):\($0.address)" }
        spec.sysctls = service.sysctls
        spec.ulimits = ulimits()
        spec.resources = resources()
        spec.groupAdd = service.groupAdd
        spec.macAddress = service.macAddress
        spec.platform = service.platform
        spec.runtime = service.runtime
        return spec
    }

    /// The image the containers run: the explicit one, else the name docker compose tags a build with.
    var imageName: String {
        service.image ?? "\(project.name)-\(service.name)"
    }

    /// `service[:mode]` → the first container of that service; `container:name[:mode]` → `name[:mode]`.
    private func volumesFromEntry(_ entry: String) -> String {
        if entry.hasPrefix("container:") { return String(entry.dropFirst("container:".count)) }
        let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
        guard let target = parts.first, project.services[target] != nil else { return entry }
        let name = naming.containerName(service: target, number: 1)
        return parts.count > 1 ? "\(name):\(parts[1])" : name
    }

    /// A `seccomp` profile path is made absolute against the project directory (docker compose reads the
    /// file there and inlines its JSON; the engine adapter does that from the absolute path). Other
    /// options are kept as written.
    private func securityOption(_ option: String) -> String {
        for separator in ["=", ":"] where option.hasPrefix("seccomp" + separator) {
            let value = String(option.dropFirst("seccomp".count + 1))
            guard value != "unconfined", value != "builtin" else { return option }
            return "seccomp" + separator + absolute(value)
        }
        return option
    }

    private func tmpfs() -> [String: String] {
        var result: [String: String] = [:]
        for entry in service.tmpfs {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            result[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }

    private func ulimits() -> [Ulimit] {
        service.ulimits.keys.sorted().compactMap { name in
            guard let limit = service.ulimits[name] else { return nil }
            let soft = limit.soft ?? limit.single ?? 0
            let hard = limit.hard ?? limit.single ?? 0
            return Ulimit(name: name, soft: Int64(soft), hard: Int64(hard))
        }
    }

    /// Compose attributes this service sets that no `ContainerSpec` field carries.
    var unmappedAttributes: [String] {
        var names: [String] = []
        func note(_ set: Bool, _ name: String) { if set { names.append(name) } }
        note(!service.annotations.isEmpty, "annotations")
        note(service.blkioConfig != nil, "blkio_config")
        note(service.cgroup != nil, "cgroup")
        note(service.cgroupParent != nil, "cgroup_parent")
        note(service.cpuCount != nil, "cpu_count")
        note(service.cpuPercent != nil, "cpu_percent")
        note(service.cpuPeriod != nil, "cpu_period")
        note(service.cpuQuota != nil, "cpu_quota")
        note(service.cpuRTPeriod != nil, "cpu_rt_period")
        note(service.cpuRTRuntime != nil, "cpu_rt_runtime")
        note(!service.deviceCgroupRules.isEmpty, "device_cgroup_rules")
        note(!service.gpus.isEmpty || !(service.deploy?.resources?.reservations?.devices.isEmpty ?? true), "gpus/device reservations")
        note(service.isolation != nil, "isolation")
        note(service.memSwappiness != nil, "mem_swappiness")
        note(!service.storageOpt.isEmpty, "storage_opt")
        note(service.usernsMode != nil, "userns_mode")
        note(service.uts != nil, "uts")
        note(service.volumeDriver != nil, "volume_driver")
        return names
    }
}
