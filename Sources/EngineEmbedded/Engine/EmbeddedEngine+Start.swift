import EngineAPI
import Foundation

/// Starting a container (recipes §9.4 order): rootfs mount → volumes → network namespace, CNI and published
/// ports → /etc files → `config.json` → supervisor (`runc create`) → `runc start`. A failure undoes what
/// was done and records the error on the container, which stays created.
extension EmbeddedEngine {
    public func startContainer(_ id: String) async throws(EngineError) {
        try requireRuntime()
        let record = try containers.resolve(id)
        let status = ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: EmbeddedRuntime.bootID())
        switch status.state {
        case .running, .paused, .restarting: return  // Docker answers "not modified"
        case .removing, .dead:
            throw EngineError(.conflict, "container \(record.name) is marked for removal and cannot be started",
                              resource: resourceID(of: record))
        case .created, .exited: break
        }
        let engine = self
        try await offload { () throws(EngineError) in try engine.start(record) }
    }

    func start(_ original: ContainerRecord) throws(EngineError) {
        try withRunLock(original) { () throws(EngineError) in try startLocked(original) }
        try? refreshHostsFiles(networks: original.networks.map(\.network))
    }

    private func startLocked(_ original: ContainerRecord) throws(EngineError) {
        var record = original
        let resource = resourceID(of: record)
        let bundle = containers.bundle(of: record.id)
        try tearDownRun(record)
        do {
            record = try prepareRun(record)
            try containers.write(record)
            let launcher = ShimLauncher(executable: runtime.shim, runc: runtime.runc)
            _ = try launcher.launch(id: record.id, bundle: bundle, runcRoot: runtime.runcRoot, config: shimConfig(record))
            // Taken before `runc start`: a process that exits at once has its exit time written by the
            // supervisor before `runc start` returns, and a start after the die would replay them in reverse.
            let startedAt = RFC3339.now()
            try runc.start(record.id)
            record.startedAt = startedAt
            record.bootID = EmbeddedRuntime.bootID()
            record.startError = nil
            try containers.write(record)
        } catch {
            let failure = error.with(resource: resource)
            try? tearDownRun(record)
            record.startError = failure.message + (failure.cause.map { ": " + $0 } ?? "")
            try? containers.write(record)
            throw failure
        }
    }

    /// Mounts, volumes, network and files; writes `config.json`. Returns the record with what was assigned.
    func prepareRun(_ original: ContainerRecord) throws(EngineError) -> ContainerRecord {
        var record = original
        let bundle = containers.bundle(of: record.id)
        let overlay = OverlayMount(directory: bundle)
        try mountRootfs(record)
        let volumeSources = try prepareMounts(record, rootfs: overlay.rootfs)
        record = try setUpNetwork(record)
        try writeEtcFiles(record)
        try injectFiles(record.spec.injectedFiles, rootfs: overlay.rootfs, container: record.name)
        if let workingDir = record.spec.workingDir ?? record.imageConfig?.workingDir, !workingDir.isEmpty {
            // Docker creates a missing working directory; runc would fail to chdir into it.
            let path = try RootfsPath.resolve(workingDir, in: overlay.rootfs)
            if !FileSystem.exists(path) { try FileSystem.makeDirectories(path) }
        }
        let inputs = try runtimeInputs(record, rootfs: overlay.rootfs, volumeSources: volumeSources)
        let spec = try RuntimeSpecBuilder.make(inputs)
        try AtomicFile.write(RuntimeSpecBuilder.encode(spec), to: bundle + "/config.json")
        return record
    }

    /// Mounts the container's overlay (its image's layers under its own) unless it is mounted; true when this
    /// call mounted it.
    @discardableResult
    func mountRootfs(_ record: ContainerRecord) throws(EngineError) -> Bool {
        let bundle = containers.bundle(of: record.id)
        guard !OverlayMount(directory: bundle).isMounted else { return false }
        var lowers: [String] = []
        for text in record.layerChain.reversed() {
            guard let chainID = Digest(parsing: text) else {
                throw EngineError(.internalError, "container \(record.name): invalid layer id \(text)")
            }
            lowers.append(layers.directory(of: chainID))
        }
        _ = try OverlayMount.mount(lowers: lowers, in: bundle, what: "container \(record.name)")
        return true
    }

    func runtimeInputs(_ record: ContainerRecord, rootfs: String, volumeSources: [String: String]) throws(EngineError) -> RuntimeSpecInputs {
        let bundle = containers.bundle(of: record.id)
        if record.spec.initProcess == true && runtime.initBinary == nil {
            throw EngineError(.unavailable, "container \(record.name) asks for init: true, but no tini-static or docker-init is "
                              + "installed (apt-get install tini)")
        }
        var spec = record.spec
        // The supervisor owns the container's stdio as pipes (json-file logs); it has no console socket for a tty.
        spec.tty = false
        return RuntimeSpecInputs(
            id: record.id, spec: spec, image: record.imageConfig, rootfs: rootfs,
            hostsPath: bundle + "/hosts", hostnamePath: bundle + "/hostname", resolvConfPath: bundle + "/resolv.conf",
            networkNamespacePath: try networkNamespacePath(record),
            pidNamespacePath: try sharedNamespace(record.spec.pidMode, kind: "pid", container: record.name),
            ipcNamespacePath: try sharedNamespace(record.spec.ipcMode, kind: "ipc", container: record.name),
            volumeSources: volumeSources, initPath: runtime.initBinary, cgroupsPath: "/swift-compose/" + record.id)
    }

    /// `container:<name>` modes join that container's namespace while it runs.
    func sharedNamespace(_ mode: String?, kind: String, container: String) throws(EngineError) -> String? {
        guard let mode, mode.hasPrefix("container:") || mode.hasPrefix("service:") else { return nil }
        let target = try containers.resolve(String(mode.split(separator: ":", maxSplits: 1)[1]))
        let status = ContainerStatus.read(target, bundle: containers.bundle(of: target.id), bootID: EmbeddedRuntime.bootID())
        guard let pid = status.initPid, status.state == .running || status.state == .paused else {
            throw EngineError(.conflict, "container \(container): cannot join the \(kind) namespace of container \(target.name): "
                              + "it is not running")
        }
        return "/proc/\(pid)/ns/\(kind)"
    }

    /// Host directories of the volume mounts (new volumes get the image's content first, as Docker does) and
    /// the bind sources created when missing.
    func prepareMounts(_ record: ContainerRecord, rootfs: String) throws(EngineError) -> [String: String] {
        var sources: [String: String] = [:]
        for mount in record.spec.mounts {
            switch mount.kind {
            case .volume:
                guard let name = record.volumeMounts[mount.target] ?? mount.source else { continue }
                if !mount.volumeNoCopy, let inImage = try? RootfsPath.resolve(mount.target, in: rootfs),
                   FileSystem.exists(inImage) {
                    try volumes.populate(name, from: inImage)
                }
                var path = try volumes.hostPath(of: name)
                if let subpath = mount.volumeSubpath, !subpath.isEmpty { path = try RootfsPath.resolve(subpath, in: path) }
                sources[mount.target] = path
            case .bind:
                if let source = mount.source, mount.bindCreateHostPath, !FileSystem.exists(source) {
                    try FileSystem.makeDirectories(source)
                }
            default:
                break
            }
        }
        return sources
    }

    /// The supervisor's instructions: restart policy, log driver, health check.
    func shimConfig(_ record: ContainerRecord) throws(EngineError) -> ShimConfig {
        let restart: ShimRestartPolicy
        switch record.spec.restartPolicy {
        case .no: restart = .no
        case .always: restart = .always
        case .unlessStopped: restart = .unlessStopped
        case .onFailure(let count): restart = .onFailure(maxRetries: count ?? 0)
        }
        var log = ShimLogConfig()
        if let logging = record.spec.logging {
            switch logging.driver {
            case "json-file", "local", "": log.driver = "json-file"
            case "none": log.driver = "none"
            case "syslog": try syslogOptions(logging.options, record: record, into: &log)
            default:
                throw EngineError(.unsupported, "container \(record.name): logging driver \"\(logging.driver)\" is not supported "
                                  + "by the embedded engine (json-file, local, syslog, none)")
            }
            log.maxSize = try logging.options["max-size"].map { (text) throws(EngineError) in try ByteSize.parse(text, what: "max-size") }
            log.maxFile = logging.options["max-file"].flatMap { Int($0) }
        }
        let health = ShimHealthConfig.effective(spec: record.spec.healthcheck, image: record.imageConfig?.healthcheck)
        return ShimConfig(restart: restart, log: log, health: health,
                          exitHook: runtime.releaseCommand.map { $0 + [record.id] } ?? [])
    }

    /// Docker's syslog options: `syslog-address`, `syslog-facility` (name or number), `tag` (with `{{.ID}}`,
    /// `{{.FullID}}`, `{{.Name}}`, `{{.ImageName}}`); RFC 5424 is the format whatever `syslog-format` says.
    func syslogOptions(_ options: [String: String], record: ContainerRecord, into log: inout ShimLogConfig) throws(EngineError) {
        log.driver = "syslog"
        let facilities = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
                          "ftp", "", "", "", "", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]
        if let facility = options["syslog-facility"] {
            guard let number = Int(facility) ?? facilities.firstIndex(of: facility), (0...23).contains(number), facility != "" else {
                throw EngineError(.invalidArgument, "container \(record.name): invalid syslog facility \"\(facility)\"")
            }
            log.syslogFacility = number
        }
        if let address = options["syslog-address"] {
            guard ["unix://", "unixgram://", "udp://", "tcp://"].contains(where: { address.hasPrefix($0) }) else {
                throw EngineError(.invalidArgument, "container \(record.name): syslog-address \"\(address)\": use unix://, "
                                  + "unixgram://, udp:// or tcp://")
            }
            log.syslogAddress = address
        }
        if let tag = options["tag"] {
            log.tag = tag.replacingOccurrences(of: "{{.ID}}", with: String(record.id.prefix(12)))
                .replacingOccurrences(of: "{{.FullID}}", with: record.id)
                .replacingOccurrences(of: "{{.Name}}", with: record.name)
                .replacingOccurrences(of: "{{.ImageName}}", with: record.spec.image)
        }
    }

    /// Files given inline or with an owner a bind mount cannot give, written into the container's layer.
    func injectFiles(_ files: [InjectedFile], rootfs: String, container: String) throws(EngineError) {
        for file in files {
            let path = try RootfsPath.resolve(file.target, in: rootfs)
            try FileSystem.makeDirectories((path as NSString).deletingLastPathComponent)
            let bytes: [UInt8]
            switch file.source {
            case .content(let text): bytes = Array(text.utf8)
            case .hostFile(let host):
                do {
                    bytes = try FileSystem.readAll(host)
                } catch {
                    throw EngineError(.notFound, "container \(container): read \(host) for \(file.target)", cause: "\(error)")
                }
            }
            try AtomicFile.write(bytes, to: path, mode: mode_t(file.mode))
            let uid = file.uid.flatMap { UInt32($0) } ?? 0
            let gid = file.gid.flatMap { UInt32($0) } ?? 0
            _ = chown(path, uid, gid)
        }
    }
}

/// Docker's sizes in log options: "10m", "1g", "512k", "100".
enum ByteSize {
    static func parse(_ text: String, what: String) throws(EngineError) -> Int64 {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1 << 10), ("m", 1 << 20),
                                        ("g", 1 << 30), ("b", 1)]
        for (suffix, scale) in units where lower.hasSuffix(suffix) {
            if let value = Double(lower.dropLast(suffix.count)), value >= 0 { return Int64(value * Double(scale)) }
        }
        if let value = Int64(lower), value >= 0 { return value }
        throw EngineError(.invalidArgument, "invalid \(what) \"\(text)\"")
    }
}
