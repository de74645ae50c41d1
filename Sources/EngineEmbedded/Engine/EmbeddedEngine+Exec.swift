import EngineAPI
import Foundation

/// Running commands in a container and copying files into it (`develop.watch`, `compose exec`).
extension EmbeddedEngine {
    /// The container's own process document (its `config.json`), the base of every exec.
    func runtimeSpec(of record: ContainerRecord) throws(EngineError) -> OCIRuntimeSpec {
        let path = containers.bundle(of: record.id) + "/config.json"
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readAll(path)
        } catch {
            throw EngineError(.conflict, "container \(record.name) has not been started", resource: resourceID(of: record))
        }
        do {
            return try JSONDecoder().decode(OCIRuntimeSpec.self, from: Data(bytes))
        } catch {
            throw EngineError(.internalError, "read \(path)", cause: "\(error)")
        }
    }

    /// The exec's process: the container's environment, user and working directory, overridden by `spec`.
    public func execProcess(_ id: String, _ spec: ExecSpec, tty: Bool = false) throws(EngineError) -> (ContainerRecord, OCIRuntimeSpec.Process) {
        let record = try containers.resolve(id)
        guard status(record).state == .running else {
            throw EngineError(.conflict, "container \(record.id) is not running", resource: resourceID(of: record))
        }
        guard let base = try runtimeSpec(of: record).process else {
            throw EngineError(.internalError, "container \(record.name): config.json has no process", resource: resourceID(of: record))
        }
        let environment = spec.environment.map { entry -> EnvironmentVariable in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return EnvironmentVariable(parts[0], parts.count > 1 ? parts[1] : nil)
        }
        let process = try RuntimeSpecBuilder.execProcess(
            container: base, args: spec.command, environment: environment, user: spec.user,
            workingDir: spec.workingDirectory, tty: tty, privileged: spec.privileged,
            rootfs: containers.bundle(of: record.id) + "/rootfs")
        return (record, process)
    }

    public func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int {
        let (record, process) = try execProcess(id, spec)
        let client = runc
        let result = try await offload { () throws(EngineError) in try client.exec(record.id, process: process) }
        return Int(result.status)
    }

    /// Host files into the container's filesystem: into the volume or bind source when the path is under one
    /// (what the container sees there), else into its own layer. A stopped container's layer is mounted for it.
    public func copyToContainer(_ id: String, entries: [CopyEntry]) async throws(EngineError) {
        let record = try containers.resolve(id)
        let engine = self
        // Under the run lock: a start meanwhile must not find the layer mounted, then unmounted under it.
        try await offload { () throws(EngineError) in
            try engine.withRunLock(record) { () throws(EngineError) in try engine.copy(entries, into: record) }
        }
    }

    func copy(_ entries: [CopyEntry], into record: ContainerRecord) throws(EngineError) {
        let overlay = OverlayMount(directory: containers.bundle(of: record.id))
        let mountedHere = try mountRootfs(record)
        defer { if mountedHere { try? overlay.unmount() } }
        for entry in entries {
            let (root, inner) = try copyRoot(for: entry.containerPath, record: record, rootfs: overlay.rootfs)
            let target = try RootfsPath.resolve(inner, in: root)
            var info = stat()
            guard lstat(entry.hostPath, &info) == 0 else {
                throw EngineError(.notFound, "copy to container \(record.name): \(entry.hostPath) does not exist",
                                  resource: resourceID(of: record))
            }
            let parent = (target as NSString).deletingLastPathComponent
            try FileSystem.makeDirectories(parent)
            if info.st_mode & S_IFMT == S_IFDIR {
                var existing = stat()
                if lstat(target, &existing) == 0, existing.st_mode & S_IFMT != S_IFDIR { try FileSystem.remove(target) }
                if !FileSystem.exists(target) { try FileSystem.makeDirectories(target) }
                _ = chmod(target, info.st_mode & 0o7777)
                continue
            }
            if FileSystem.exists(target) || (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) != nil {
                LayerStore.removeTree(target)
            }
            do {
                try FileManager.default.copyItem(atPath: entry.hostPath, toPath: target)
            } catch {
                throw EngineError(.internalError, "copy \(entry.hostPath) to \(entry.containerPath) in container \(record.name)",
                                  cause: "\(error)")
            }
        }
    }

    /// The host directory that holds `path` as the container sees it, and the path inside it.
    func copyRoot(for path: String, record: ContainerRecord, rootfs: String) throws(EngineError) -> (String, String) {
        let normalized = "/" + path.split(separator: "/").joined(separator: "/")
        var best: (target: String, source: String)?
        for mount in record.spec.mounts {
            let target = "/" + mount.target.split(separator: "/").joined(separator: "/")
            guard normalized == target || normalized.hasPrefix(target == "/" ? "/" : target + "/") else { continue }
            let source: String?
            switch mount.kind {
            case .bind: source = mount.source
            case .volume: source = try (record.volumeMounts[mount.target] ?? mount.source).map { (name) throws(EngineError) in
                try volumes.hostPath(of: name)
            }
            default: source = nil
            }
            guard let source, target.count > (best?.target.count ?? 0) else { continue }
            if mount.readOnly {
                throw EngineError(.invalidArgument, "copy to \(path) in container \(record.name): \(target) is mounted read-only",
                                  resource: resourceID(of: record))
            }
            best = (target, source)
        }
        guard let best else { return (rootfs, normalized) }
        return (best.source, String(normalized.dropFirst(best.target.count)))
    }
}

extension EmbeddedEngine {
    /// The `runc exec` command line of an exec whose stdio is the caller's own (`compose exec`): runc handles
    /// the terminal itself in the foreground. The process document is written to a file the caller removes.
    public func interactiveExec(_ id: String, _ spec: ExecSpec, tty: Bool, detach: Bool) throws(EngineError)
        -> (arguments: [String], processFile: String) {
        let (record, process) = try execProcess(id, spec, tty: tty && !detach)
        let file = containers.bundle(of: record.id) + "/exec-\(UUID().uuidString.prefix(8)).json"
        do {
            try AtomicFile.write(Array(try JSONEncoder().encode(process)), to: file, mode: 0o600)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.internalError, "encode the exec process of \(record.name)", cause: "\(error)")
        }
        var arguments = [runtime.runc, "--root", runtime.runcRoot, "exec", "--process", file]
        if tty && !detach { arguments.append("--tty") }
        if detach { arguments.append("--detach") }
        return (arguments + [record.id], file)
    }
}
