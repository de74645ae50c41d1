import EngineAPI

/// A network that needs operations.
struct NetworkDecision {
    enum Action {
        case create
        /// Drifted: disconnect the attached containers, remove, create, reconnect the ones that stay.
        case recreate(details: [String], attached: [ObservedContainer])
    }

    var network: DesiredNetwork
    var action: Action
}

/// A volume that needs operations.
struct VolumeDecision {
    enum Action {
        case create
        /// Drifted and confirmed: remove the containers mounting it, remove, create.
        case recreate(details: [String], containers: [ObservedContainer])
    }

    var volume: DesiredVolume
    var action: Action
}

extension PlanningRun {
    mutating func decideVolumes() {
        let used = usedResourceNames()?.volumes
        for volume in desired.volumes {
            let name = volume.spec.name
            if let used, !used.contains(name) { continue }
            let found = observed.volumes.first { $0.name == name }
            if volume.external {
                if found == nil, options.checkExternalResources {
                    problems.append(.externalVolumeMissing(key: volume.key, name: name))
                }
                continue
            }
            guard let found else {
                volumeDecisions.append(VolumeDecision(volume: volume, action: .create))
                continue
            }
            guard let owner = found.labels[OwnershipLabels.project], owner == desired.name else {
                builder.warn(Self.notOurs(kind: "volume", name: name, owner: found.labels[OwnershipLabels.project],
                                          project: desired.name))
                continue
            }
            let details = Self.drift(of: volume.spec, from: found)
            if details.isEmpty { continue }
            guard options.confirmVolumeRecreate else {
                builder.warn("\(volume.id): volume \(name) differs from the compose file (\(details.joined(separator: ", "))); "
                    + "it is kept: recreating it loses its data, confirm with -y")
                continue
            }
            let containers = containersMounting(volume: name)
            for container in containers { consumedContainers[container.id] = volume.key }
            volumeDecisions.append(VolumeDecision(volume: volume,
                                                  action: .recreate(details: details, containers: containers)))
        }
    }

    mutating func decideNetworks() {
        let used = usedResourceNames()?.networks
        for network in desired.networks {
            let name = network.spec.name
            if let used, !used.contains(name) { continue }
            let found = observed.networks.first { $0.name == name }
            if network.external {
                if found == nil, options.checkExternalResources {
                    problems.append(.externalNetworkMissing(key: network.key, name: name))
                }
                continue
            }
            guard let found else {
                networkDecisions.append(NetworkDecision(network: network, action: .create))
                continue
            }
            guard let owner = found.labels[OwnershipLabels.project], owner == desired.name else {
                builder.warn(Self.notOurs(kind: "network", name: name, owner: found.labels[OwnershipLabels.project],
                                          project: desired.name))
                continue
            }
            if found.labels[OwnershipLabels.network] != network.key {
                problems.append(.networkLabelMismatch(key: network.key, name: name,
                                                      found: found.labels[OwnershipLabels.network]))
                continue
            }
            let details = Self.drift(of: network.spec, from: found)
            if details.isEmpty { continue }
            let attachedIDs = Set(found.containers).union(
                observed.containers.filter { $0.networks.contains(name) }.map(\.id))
            let strangers = attachedIDs.subtracting(index.projectContainerIDs).sorted()
            guard strangers.isEmpty else {
                builder.warn("\(network.id): network \(name) differs from the compose file "
                    + "(\(details.joined(separator: ", "))) but containers outside the project use it "
                    + "(\(strangers.map { String($0.prefix(12)) }.joined(separator: ", "))); it is not recreated")
                continue
            }
            let attached = observed.containers
                .filter { attachedIDs.contains($0.id) && consumedContainers[$0.id] == nil }
                .sorted { ($0.resourceID, $0.plainName) < ($1.resourceID, $1.plainName) }
            networkDecisions.append(NetworkDecision(network: network,
                                                    action: .recreate(details: details, attached: attached)))
        }
    }

    /// Observed containers of planned services whose desired containers mount the volume.
    private func containersMounting(volume name: String) -> [ObservedContainer] {
        var result: [ObservedContainer] = []
        for service in planned {
            let mounts = service.containers.contains { container in
                container.spec.mounts.contains { $0.kind == .volume && $0.source == name }
            }
            guard mounts else { continue }
            for number in index.numbers(of: service.name) {
                result += index.slot(service: service.name, number: number).all
            }
        }
        return result
    }

    /// What differs between a desired network and the observed one, in the fields the engine reports.
    static func drift(of spec: NetworkSpec, from found: ObservedNetwork) -> [String] {
        var details: [String] = []
        let driver = spec.driver ?? "bridge"
        if found.driver != driver { details.append("driver \(found.driver) → \(driver)") }
        if found.isInternal != spec.isInternal { details.append("internal \(found.isInternal) → \(spec.isInternal)") }
        if let ipv6 = spec.enableIPv6, ipv6 != found.enableIPv6 {
            details.append("ipv6 \(found.enableIPv6) → \(ipv6)")
        }
        let subnets = (spec.ipam?.pools ?? []).compactMap(\.subnet).sorted()
        if !subnets.isEmpty, subnets != found.subnets.sorted() {
            let before = found.subnets.sorted().joined(separator: " ")
            details.append("subnets \(before.isEmpty ? "none" : before) → \(subnets.joined(separator: " "))")
        }
        if details.isEmpty, hashesDiffer(spec.labels, found.labels) { details.append("configuration changed") }
        return details
    }

    static func drift(of spec: VolumeSpec, from found: ObservedVolume) -> [String] {
        let driver = spec.driver ?? "local"
        if found.driver != driver { return ["driver \(found.driver) → \(driver)"] }
        return hashesDiffer(spec.labels, found.labels) ? ["configuration changed"] : []
    }

    /// Docker compose's rule: a resource without a config-hash label is accepted as it is.
    private static func hashesDiffer(_ desired: [String: String], _ found: [String: String]) -> Bool {
        guard let want = desired[OwnershipLabels.configHash], let have = found[OwnershipLabels.configHash] else {
            return false
        }
        return want != have
    }

    private static func notOurs(kind: String, name: String, owner: String?, project: String) -> String {
        let origin = owner.map { "was created for project \($0) (expected \(project))" } ?? "was not created by compose"
        return "a \(kind) named \(name) already exists but \(origin); it is used as it is: set `external: true` to use an existing \(kind)"
    }

    mutating func emitVolumes() {
        for decision in volumeDecisions {
            let volume = decision.volume
            switch decision.action {
            case .create:
                volumeOps[volume.spec.name] = builder.add(volume.id, .createVolume(volume.spec), .missing)
            case .recreate(let details, let containers):
                let removals = containers.map {
                    emitRemoval(of: $0, resource: $0.resourceID, cause: .volumeRecreated(volume: volume.key))
                }
                let removal = builder.add(volume.id, .removeVolume(name: volume.spec.name), .volumeDrift(details: details),
                                          after: removals)
                volumeOps[volume.spec.name] = builder.add(volume.id, .createVolume(volume.spec),
                                                          .volumeDrift(details: details), after: [removal])
            }
        }
    }

    mutating func emitNetworks() {
        let removed = removedContainerIDs()
        for decision in networkDecisions {
            let network = decision.network
            let name = network.spec.name
            switch decision.action {
            case .create:
                networkOps[name] = builder.add(network.id, .createNetwork(network.spec), .missing)
            case .recreate(let details, let attached):
                let cause = Cause.networkRecreated(network: network.key)
                let disconnects = attached.map {
                    builder.add($0.resourceID, .disconnectNetwork(container: $0.ref, network: name), cause)
                }
                let removal = builder.add(network.id, .removeNetwork(name: name), .networkDrift(details: details),
                                          after: disconnects)
                let creation = builder.add(network.id, .createNetwork(network.spec), .networkDrift(details: details),
                                           after: [removal])
                networkOps[name] = creation
                for container in attached where !removed.contains(container.id) {
                    let attachment = desiredAttachment(of: container, to: name) ?? NetworkAttachment(network: name)
                    let connect = builder.add(container.resourceID,
                                              .connectNetwork(container: container.ref, attachment: attachment),
                                              cause, after: [creation])
                    containerPrerequisites[container.resourceID, default: []].append(connect)
                }
            }
        }
    }

    private func desiredAttachment(of container: ObservedContainer, to network: String) -> NetworkAttachment? {
        guard let service = container.service, let number = container.number else { return nil }
        let spec = desired.services.first { $0.name == service }?.containers.first { $0.number == number }?.spec
        return spec?.networks.first { $0.network == network }
    }

    /// Stops (when it runs) and removes an observed container; returns the removal's id.
    @discardableResult
    mutating func emitRemoval(of container: ObservedContainer, resource: ResourceID, cause: Cause,
                              after dependencies: [Int] = [], removeVolumes: Bool = false) -> Int {
        var last = dependencies
        if container.isActive {
            last = [builder.add(resource, .stopContainer(container.ref, timeout: options.timeout), cause,
                                after: dependencies)]
        }
        return builder.add(resource, .removeContainer(container.ref, removeVolumes: removeVolumes, force: true), cause,
                           after: last)
    }
}
