import ComposeModel
import EngineAPI

extension ContainerSpecMapper {
    /// Volumes in file order, then file-backed secrets and configs as read-only bind mounts; a target
    /// already mounted is not mounted twice (docker compose: volumes win over secrets, secrets over configs).
    func mounts() throws(DesiredStateError) -> [MountSpec] {
        var result: [MountSpec] = []
        var targets = Set<String>()
        for volume in service.volumes {
            guard let mount = mount(volume), targets.insert(mount.target).inserted else { continue }
            result.append(mount)
        }
        for reference in fileReferences() where reference.mountsFile {
            guard let path = reference.object?.file, targets.insert(reference.target).inserted else { continue }
            var mount = MountSpec(kind: .bind, source: absolute(path), target: reference.target, readOnly: true)
            // A missing secret file must fail, not become an empty directory (docker compose does the same).
            mount.bindCreateHostPath = !reference.isSecret
            result.append(mount)
        }
        return result
    }

    /// Secrets and configs the engine writes into the container: inline `content`, an `environment`
    /// variable's value, or a file whose `uid`, `gid` or `mode` a bind mount could not honour.
    func injectedFiles() throws(DesiredStateError) -> [InjectedFile] {
        var result: [InjectedFile] = []
        for reference in fileReferences() where !reference.mountsFile {
            let source: InjectedFile.Source
            if let content = reference.object?.content {
                source = .content(content)
            } else if let variable = reference.object?.environment {
                guard let value = context.environment[variable] else {
                    throw DesiredStateError(service: service.name, "environment variable \(variable) required by \(reference.kind) \(reference.key) is not set")
                }
                source = .content(value)
            } else if let file = reference.object?.file {
                source = .hostFile(absolute(file))
            } else {
                continue
            }
            let mode = reference.reference.mode.map { UInt32(truncatingIfNeeded: $0) } ?? 0o444
            result.append(InjectedFile(target: reference.target, source: source, uid: reference.reference.uid,
                                       gid: reference.reference.gid, mode: mode))
        }
        return result
    }

    /// Why some secrets or configs are left out: external and driver-backed objects exist only in swarm.
    var fileReferenceWarnings: [String] {
        allFileReferences().compactMap { reference in
            guard let object = reference.object else {
                return "service \(service.name): \(reference.kind) \(reference.key) is not defined; not mounted"
            }
            if object.external == true {
                return "service \(service.name): external \(reference.kind) \(reference.key) is only supported by swarm; not mounted"
            }
            if object.driver != nil || object.templateDriver != nil {
                return "service \(service.name): \(reference.kind) \(reference.key) uses a driver, which only swarm supports; not mounted"
            }
            return nil
        }
    }

    private func mount(_ volume: ComposeServiceVolume) -> MountSpec? {
        guard let target = volume.target else { return nil }
        let type = volume.type ?? .volume
        var mount: MountSpec
        switch type {
        case .bind:
            mount = MountSpec(kind: .bind, source: volume.source.map(absolute), target: target)
            mount.bindPropagation = volume.bind?.propagation
            mount.bindCreateHostPath = volume.bind?.createHostPath ?? true
            mount.selinux = volume.bind?.selinux
        case .volume:
            let source = volume.source.flatMap { $0.isEmpty ? nil : $0 }
            mount = MountSpec(kind: .volume, source: source.map(volumeName), target: target)
            mount.volumeNoCopy = volume.volume?.nocopy ?? false
            mount.volumeSubpath = volume.volume?.subpath
        case .tmpfs:
            mount = MountSpec(kind: .tmpfs, source: nil, target: target)
            mount.tmpfsSize = volume.tmpfs?.size?.bytes
            mount.tmpfsMode = volume.tmpfs?.mode.map { UInt32(truncatingIfNeeded: $0) }
        case .image:
            mount = MountSpec(kind: .image, source: volume.source, target: target)
            mount.volumeSubpath = volume.image?.subpath
        case .npipe:
            mount = MountSpec(kind: .npipe, source: volume.source, target: target)
        case .cluster:
            mount = MountSpec(kind: .cluster, source: volume.source, target: target)
        }
        mount.readOnly = volume.readOnly ?? false
        mount.consistency = volume.consistency
        return mount
    }

    /// A named volume's engine name (`<project>_<key>` unless `name:` says otherwise).
    func volumeName(_ key: String) -> String {
        project.volumes[key].map { $0.name ?? "\(project.name)_\(key)" } ?? key
    }

    /// Paths are absolute after loading; a relative one (loaded without path resolution) is taken from
    /// the project directory, as docker compose's `filepath.Abs` would from its working directory.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") || path.isEmpty { return path }
        let base = context.workingDirectory.hasSuffix("/") ? context.workingDirectory : context.workingDirectory + "/"
        return base + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// The secrets and configs that can be mounted or injected (defined, not external, no driver).
    private func fileReferences() -> [FileReferenceUse] {
        allFileReferences().filter { reference in
            guard let object = reference.object else { return false }
            return object.external != true && object.driver == nil && object.templateDriver == nil
        }
    }

    /// Every secret and config the service names, secrets first, with docker compose's default targets
    /// (`/run/secrets/<name>` for secrets, `/<name>` for configs; relative targets under the same base).
    private func allFileReferences() -> [FileReferenceUse] {
        var result: [FileReferenceUse] = []
        for (references, isSecret) in [(service.secrets, true), (service.configs, false)] {
            let base = isSecret ? "/run/secrets/" : "/"
            for reference in references {
                guard let key = reference.source else { continue }
                var target = reference.target ?? ""
                if target.isEmpty { target = base + key } else if !target.hasPrefix("/") { target = base + target }
                let object = isSecret ? project.secrets[key] : project.configs[key]
                result.append(FileReferenceUse(reference: reference, object: object, key: key, isSecret: isSecret, target: target))
            }
        }
        return result
    }
}

/// A service's use of a secret or config, with its target resolved.
struct FileReferenceUse {
    var reference: ComposeFileReference
    /// The top-level definition; nil when the project does not define it.
    var object: ComposeFileObject?
    var key: String
    var isSecret: Bool
    var target: String

    var kind: String { isSecret ? "secret" : "config" }

    /// A plain file with no owner or mode is bind-mounted read-only; everything else is injected.
    var mountsFile: Bool {
        guard let object else { return false }
        return object.file != nil && object.content == nil && object.environment == nil
            && reference.uid == nil && reference.gid == nil && reference.mode == nil
    }
}
