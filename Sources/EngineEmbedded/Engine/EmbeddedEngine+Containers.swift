import EngineAPI
import Foundation

/// Creating, renaming and removing containers: records and their volumes. Running them is in `+Start`/`+Stop`.
extension EmbeddedEngine {
    /// Fails with what to install when this machine cannot run containers.
    func requireRuntime() throws(EngineError) {
        if let missing = runtime.missingPrerequisites() { throw EngineError(.unavailable, missing) }
    }

    func resourceID(of record: ContainerRecord) -> ResourceID? {
        resourceID(labels: record.labels)
    }

    func resourceID(labels: [String: String]) -> ResourceID? {
        guard let service = labels[OwnershipLabels.service] else { return nil }
        return ResourceID.container(service: service, number: Int(labels[OwnershipLabels.containerNumber] ?? "") ?? 1)
    }

    public func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String {
        let resource = resourceID(labels: spec.labels)
        try requireRuntime()
        try ContainerStore.validate(name: spec.name)
        try Self.validateCPUs(spec.resources, resource: resource)
        guard let image = try record(spec.image) else {
            throw EngineError(.notFound, "No such image: \(spec.image)", resource: resource)
        }
        try unpackLayers(of: image)
        let config = try images.config(of: image)
        for attachment in spec.networks where try networks.inspect(attachment.network) == nil {
            throw EngineError(.notFound, "network \(attachment.network) not found", resource: resource)
        }
        if let mode = spec.networkMode, mode.hasPrefix("container:") {
            _ = try containers.resolve(String(mode.dropFirst("container:".count)))
        }
        var spec = spec
        if spec.networks.isEmpty && [nil, "bridge", "default"].contains(spec.networkMode) {
            // Docker puts a container without networks on its default bridge; so does this engine.
            try ensureDefaultBridge()
            spec.networks = [NetworkAttachment(network: EmbeddedEngine.defaultBridge)]
            spec.networkMode = nil
        }
        var labels = config.config?.labels ?? [:]
        labels.merge(spec.labels) { $1 }
        var record = ContainerRecord(
            id: ContainerStore.newID(), name: spec.name, spec: spec, imageID: image.id.description,
            imageConfig: config.config, layerChain: LayerStore.chainIDs(config.rootfs.diffIDs).map(\.description),
            created: Date().timeIntervalSince1970, labels: labels)
        let written = record
        try containers.locked { () throws(EngineError) in
            if let holder = try containers.records().first(where: { $0.name == written.name && !$0.removing }) {
                throw EngineError(.conflict, "Conflict. The container name \"/\(written.name)\" is already in use by container "
                                  + "\"\(holder.id)\". You have to remove (or rename) that container to be able to reuse that name.",
                                  resource: resource)
            }
            try containers.write(written)
        }
        do {
            try prepareVolumes(&record)
            try containers.write(record)
        } catch {
            try? removeRecord(record, removeVolumes: true)
            throw error.with(resource: resource)
        }
        return record.id
    }

    /// Docker refuses at create a CPU limit above the CPUs this machine has, with this message; so does this
    /// engine, rather than leaving a limit no container can use.
    static func validateCPUs(_ limits: ResourceLimits, resource: ResourceID?,
                             available: Int = ProcessInfo.processInfo.activeProcessorCount) throws(EngineError) {
        guard let nano = limits.nanoCPUs, nano < 0 || nano > Int64(available) * 1_000_000_000 else { return }
        throw EngineError(.invalidArgument, "Range of CPUs is from 0.01 to \(available).00, as there are only \(available) CPUs available",
                          resource: resource)
    }

    static let defaultBridge = "bridge"

    func ensureDefaultBridge() throws(EngineError) {
        guard try networks.inspect(EmbeddedEngine.defaultBridge) == nil else { return }
        do {
            _ = try networks.create(EmbeddedEngine.defaultBridge)
        } catch where error.code == .conflict {
            // Another process made it first.
        }
    }

    /// Named volumes are created when missing (as Docker does), anonymous mounts and the image's `VOLUME`s get
    /// volumes of their own, and `volumes_from` mounts the other container's volumes at the same places.
    func prepareVolumes(_ record: inout ContainerRecord) throws(EngineError) {
        let anonymousLabels = ["com.docker.volume.anonymous": ""]
        var mounts = record.spec.mounts
        for index in mounts.indices where mounts[index].kind == .volume {
            if let name = mounts[index].source, !name.isEmpty {
                if try volumes.inspect(name) == nil { _ = try volumes.create(VolumeSpec(name: name)) }
                record.volumeMounts[mounts[index].target] = name
            } else {
                let volume = try volumes.createAnonymous(labels: anonymousLabels)
                record.anonymousVolumes.append(volume.name)
                record.volumeMounts[mounts[index].target] = volume.name
                mounts[index].source = volume.name
            }
        }
        for entry in record.spec.volumesFrom {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let source = try containers.resolve(parts[0])
            let readOnly = parts.count > 1 && parts[1] == "ro"
            for (target, name) in source.volumeMounts.sorted(by: { $0.key < $1.key }) where record.volumeMounts[target] == nil {
                record.volumeMounts[target] = name
                var mount = MountSpec(kind: .volume, source: name, target: target, readOnly: readOnly)
                mount.volumeNoCopy = true
                mounts.append(mount)
            }
        }
        let covered = Set(mounts.map(\.target)).union(record.spec.tmpfs.keys)
        for target in (record.imageConfig?.volumes ?? [:]).keys.sorted() where !covered.contains(target) {
            let volume = try volumes.createAnonymous(labels: anonymousLabels)
            record.anonymousVolumes.append(volume.name)
            record.volumeMounts[target] = volume.name
            mounts.append(MountSpec(kind: .volume, source: volume.name, target: target))
        }
        record.spec.mounts = mounts
    }

    public func renameContainer(_ id: String, to name: String) async throws(EngineError) {
        let target = name.hasPrefix("/") ? String(name.dropFirst()) : name
        try ContainerStore.validate(name: target)
        let record = try containers.resolve(id)
        try containers.locked { () throws(EngineError) in
            if let holder = try containers.records().first(where: { $0.name == target && $0.id != record.id && !$0.removing }) {
                throw EngineError(.conflict, "Conflict. The container name \"/\(target)\" is already in use by container \"\(holder.id)\". "
                                  + "You have to remove (or rename) that container to be able to reuse that name.",
                                  resource: resourceID(of: record))
            }
            try containers.update(record.id) { $0.name = target }
        }
        try? refreshHostsFiles(networks: record.networks.map(\.network))
    }

    public func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError) {
        let record = try containers.resolve(id)
        let status = ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: EmbeddedRuntime.bootID())
        if [.running, .paused, .restarting].contains(status.state) {
            guard force else {
                throw EngineError(.conflict, "cannot remove container \"/\(record.name)\": container is running: stop the container "
                                  + "before removing or force remove", resource: resourceID(of: record))
            }
            try await kill(record, signal: "KILL", markStopped: true)
            _ = await waitForExit(record, seconds: 10)
        }
        try containers.update(record.id) { $0.removing = true }
        try removeRecord(record, removeVolumes: removeVolumes)
        // Only a hint for the event stream: the container is gone whether or not it is written.
        try? removals.record(id: record.id, labels: record.labels)
    }

    var removals: RemovalRecords { RemovalRecords(stateRoot: stateDirectory) }

    /// Tears down whatever of the container is left (runc state, network, mount) and deletes its directory
    /// and, with `removeVolumes`, its anonymous volumes. Also finishes a remove that crashed half-way.
    func removeRecord(_ record: ContainerRecord, removeVolumes: Bool) throws(EngineError) {
        let bundle = containers.bundle(of: record.id)
        try withRunLock(record) { () throws(EngineError) in try tearDownRun(record) }
        try containers.locked { () throws(EngineError) in
            LayerStore.removeTree(bundle)
        }
        try? refreshHostsFiles(networks: record.networks.map(\.network))
        if removeVolumes {
            for name in record.anonymousVolumes {
                try? volumes.remove(name, inUseBy: try volumeUsers(name).filter { $0 != record.id })
            }
        }
    }

    /// Ids of the containers that mount a volume.
    func volumeUsers(_ name: String) throws(EngineError) -> [String] {
        try containers.records().filter { $0.volumeMounts.values.contains(name) }.map(\.id)
    }
}

extension EngineError {
    /// The same error naming `resource` when it named none.
    func with(resource: ResourceID?) -> EngineError {
        var copy = self
        if copy.resource == nil { copy.resource = resource }
        return copy
    }
}
