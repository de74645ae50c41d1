import EngineAPI
import Foundation

extension DockerEngine {
    /// `POST /containers/create?name=…` with the whole spec mapped. Before API 1.44 dockerd takes one
    /// network in `EndpointsConfig`: the first attachment goes there (and is the `NetworkMode`), the others
    /// are returned in `laterAttachments` for `createContainer` to connect before anyone starts it.
    static func createContainerRequest(_ spec: ContainerSpec, version: DockerAPIVersion) throws(EngineError)
        -> (request: DockerRequest, laterAttachments: [NetworkAttachment]) {
        let resource = resourceID(of: spec)
        let allAtCreate = version >= DockerAPIVersion(major: 1, minor: 44)
        let atCreate = spec.networkMode == nil ? (allAtCreate ? spec.networks : Array(spec.networks.prefix(1))) : []
        let later = spec.networkMode == nil ? Array(spec.networks.dropFirst(atCreate.count)) : []

        var body = DockerContainerCreate(Image: spec.image, HostConfig: try hostConfig(spec, version: version, resource: resource))
        body.Hostname = spec.hostname
        body.Domainname = spec.domainname
        body.User = spec.user
        body.Tty = spec.tty ? true : nil
        body.OpenStdin = spec.stdinOpen ? true : nil
        body.Env = nonEmpty(spec.environment.map { variable in variable.value.map { "\(variable.name)=\($0)" } ?? variable.name })
        body.Cmd = spec.command
        body.Entrypoint = spec.entrypoint
        body.Labels = nonEmpty(spec.labels)
        body.WorkingDir = spec.workingDir
        body.MacAddress = spec.macAddress
        body.StopSignal = spec.stopSignal
        body.StopTimeout = spec.stopTimeout
        var exposed: [String: DockerEmpty] = [:]
        for port in spec.exposedPorts { exposed[port.contains("/") ? port : "\(port)/tcp"] = DockerEmpty() }
        for port in spec.ports { exposed[portKey(port)] = DockerEmpty() }
        body.ExposedPorts = nonEmpty(exposed)
        if let check = spec.healthcheck {
            body.Healthcheck = DockerHealthcheck(
                Test: check.test, Interval: check.intervalNanoseconds, Timeout: check.timeoutNanoseconds,
                StartPeriod: check.startPeriodNanoseconds,
                StartInterval: version >= DockerAPIVersion(major: 1, minor: 44) ? check.startIntervalNanoseconds : nil,
                Retries: check.retries)
        }
        if !atCreate.isEmpty {
            var endpoints: [String: DockerEndpointSettings] = [:]
            for attachment in atCreate { endpoints[attachment.network] = endpointSettings(attachment) }
            body.NetworkingConfig = DockerNetworkingConfig(EndpointsConfig: endpoints)
        }
        var query = [("name", spec.name)]
        if let platform = spec.platform { query.append(("platform", platform)) }
        return (DockerRequest("POST", "/containers/create", query: query, body: encode(body)), later)
    }

    static func hostConfig(_ spec: ContainerSpec, version: DockerAPIVersion, resource: ResourceID?) throws(EngineError) -> DockerHostConfig {
        var host = DockerHostConfig()
        host.NetworkMode = spec.networkMode ?? spec.networks.first?.network
        var bindings: [String: [DockerHostConfig.PortBinding]] = [:]
        for port in spec.ports {
            bindings[portKey(port), default: []].append(.init(HostIp: port.hostIP ?? "", HostPort: port.hostPort ?? ""))
        }
        host.PortBindings = nonEmpty(bindings)
        switch spec.restartPolicy {
        case .no: host.RestartPolicy = .init(Name: "no")
        case .always: host.RestartPolicy = .init(Name: "always")
        case .unlessStopped: host.RestartPolicy = .init(Name: "unless-stopped")
        case .onFailure(let retries): host.RestartPolicy = .init(Name: "on-failure", MaximumRetryCount: retries)
        }
        var binds: [String] = []
        var mounts: [DockerMount] = []
        for mount in spec.mounts {
            if let bind = legacyBind(mount) {
                binds.append(bind)
            } else {
                mounts.append(try dockerMount(mount, version: version, resource: resource))
            }
        }
        host.Binds = nonEmpty(binds)
        host.Mounts = nonEmpty(mounts)
        host.VolumesFrom = nonEmpty(spec.volumesFrom)
        host.LogConfig = spec.logging.map { .init(Type: $0.driver, Config: nonEmpty($0.options)) }
        host.CapAdd = nonEmpty(spec.capAdd)
        host.CapDrop = nonEmpty(spec.capDrop)
        host.Dns = nonEmpty(spec.dns)
        host.DnsOptions = nonEmpty(spec.dnsOptions)
        host.DnsSearch = nonEmpty(spec.dnsSearch)
        host.ExtraHosts = nonEmpty(spec.extraHosts)
        host.GroupAdd = nonEmpty(spec.groupAdd)
        host.IpcMode = spec.ipcMode
        host.PidMode = spec.pidMode
        host.Privileged = spec.privileged ? true : nil
        host.ReadonlyRootfs = spec.readOnlyRootFilesystem ? true : nil
        host.SecurityOpt = nonEmpty(spec.securityOptions)
        host.Tmpfs = nonEmpty(spec.tmpfs)
        host.Sysctls = nonEmpty(spec.sysctls)
        host.Runtime = spec.runtime
        host.Init = spec.initProcess
        let resources = spec.resources
        host.ShmSize = resources.shmSizeBytes
        host.Memory = resources.memoryBytes
        host.MemoryReservation = resources.memoryReservationBytes
        host.MemorySwap = resources.memorySwapBytes
        host.NanoCpus = resources.nanoCPUs
        host.CpuShares = resources.cpuShares
        host.CpusetCpus = resources.cpuset
        host.PidsLimit = resources.pidsLimit
        host.OomKillDisable = resources.oomKillDisable
        host.OomScoreAdj = resources.oomScoreAdj
        host.Devices = nonEmpty(spec.devices.map { .init(PathOnHost: $0.hostPath, PathInContainer: $0.containerPath, CgroupPermissions: $0.permissions) })
        host.Ulimits = nonEmpty(spec.ulimits.map { .init(Name: $0.name, Soft: $0.soft, Hard: $0.hard) })
        return host
    }

    /// A bind mount that may create its host path goes in `Binds` (`src:dst[:ro,z,rshared]`), as `-v` does:
    /// `Mounts` refuses a missing source before API 1.42 and compose keeps that behaviour.
    static func legacyBind(_ mount: MountSpec) -> String? {
        guard mount.kind == .bind, mount.bindCreateHostPath, let source = mount.source else { return nil }
        var options: [String] = []
        if mount.readOnly { options.append("ro") }
        if let selinux = mount.selinux { options.append(selinux) }
        if let propagation = mount.bindPropagation { options.append(propagation) }
        return ([source, mount.target] + (options.isEmpty ? [] : [options.joined(separator: ",")])).joined(separator: ":")
    }

    static func dockerMount(_ mount: MountSpec, version: DockerAPIVersion, resource: ResourceID?) throws(EngineError) -> DockerMount {
        var result = DockerMount(Type: mount.kind.rawValue, Source: mount.source, Target: mount.target,
                                 ReadOnly: mount.readOnly ? true : nil, Consistency: mount.consistency)
        switch mount.kind {
        case .bind:
            result.BindOptions = .init(Propagation: mount.bindPropagation, CreateMountpoint: nil)
        case .volume:
            if mount.volumeSubpath != nil, version < DockerAPIVersion(major: 1, minor: 45) {
                throw EngineError(.unsupported, "volume subpath at \(mount.target) needs Docker API 1.45, the engine speaks \(version)",
                                  resource: resource)
            }
            if mount.volumeNoCopy || mount.volumeSubpath != nil {
                result.VolumeOptions = .init(NoCopy: mount.volumeNoCopy ? true : nil, Subpath: mount.volumeSubpath)
            }
        case .tmpfs:
            if mount.tmpfsSize != nil || mount.tmpfsMode != nil {
                result.TmpfsOptions = .init(SizeBytes: mount.tmpfsSize, Mode: mount.tmpfsMode)
            }
        case .image, .npipe, .cluster:
            break
        }
        return result
    }

    /// `80/tcp`
    static func portKey(_ port: PortBinding) -> String { "\(port.containerPort)/\(port.portProtocol.rawValue)" }

    /// `service:web:1` from the compose labels, nil for a container without them.
    static func resourceID(of spec: ContainerSpec) -> ResourceID? {
        guard let service = spec.labels[OwnershipLabels.service] else { return nil }
        return ResourceID(.service, service, number: spec.labels[OwnershipLabels.containerNumber].flatMap { Int($0) })
    }
}
