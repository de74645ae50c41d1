import EngineAPI

extension FakeEngineStore {
    mutating func createNetwork(_ spec: NetworkSpec) throws(EngineError) -> String {
        guard !spec.name.isEmpty else { throw EngineError(.invalidArgument, "network name must not be empty") }
        if networks.contains(where: { $0.spec.name == spec.name }) {
            throw EngineError(.conflict, "network with name \(spec.name) already exists", resource: resourceID(of: spec))
        }
        var subnets = spec.ipam?.pools.compactMap(\.subnet) ?? []
        // dockerd allocates an IPv4 subnet from its default pools when none is configured.
        if !subnets.contains(where: { !$0.contains(":") }) {
            subnets.insert("172.\(nextSubnet).0.0/16", at: 0)
            nextSubnet += 1
        }
        let id = nextID("network")
        let network = Network(id: id, spec: spec, subnets: subnets)
        networks.append(network)
        emit(.networkCreate, network: network)
        return id
    }

    mutating func removeNetwork(_ reference: String) throws(EngineError) {
        let index = try networkIndex(reference)
        let network = networks[index]
        if network.predefined {
            throw EngineError(.invalidArgument, "\(network.spec.name) is a pre-defined network and cannot be removed")
        }
        // Only running containers hold endpoints: dockerd removes a network its stopped containers still
        // name, and those containers then fail to start.
        if containers.contains(where: { $0.isActive && $0.attachments.values.contains { $0.networkID == network.id } }) {
            throw EngineError(.conflict, "error while removing network: network \(network.spec.name) id \(network.id) has active endpoints",
                              resource: resourceID(of: network.spec))
        }
        emit(.networkDestroy, network: network)
        networks.remove(at: index)
    }

    mutating func connect(container reference: String, to attachment: NetworkAttachment) throws(EngineError) {
        let index = try containerIndex(reference)
        let network = networks[try networkIndex(attachment.network)]
        let container = containers[index]
        if let mode = container.spec.networkMode, mode == "host" || mode == "none" || mode.hasPrefix("container:") {
            throw EngineError(.invalidArgument,
                              "container sharing network namespace with another container or host cannot be connected to any other network",
                              resource: resourceID(of: container))
        }
        if let existing = container.attachments[network.spec.name], existing.networkID == network.id {
            throw EngineError(.conflict, "endpoint with name \(container.name) already exists in network \(network.spec.name)",
                              resource: resourceID(of: container))
        }
        containers[index].attachments[network.spec.name] = Attachment(networkID: network.id, attachment: attachment)
        // Only a running container gets an endpoint (and an event) now; a stopped one gets it at start.
        if containers[index].isActive { emit(.networkConnect, network: network) }
    }

    mutating func disconnect(container reference: String, from networkReference: String) throws(EngineError) {
        let index = try containerIndex(reference)
        let network = networks[try networkIndex(networkReference)]
        guard containers[index].attachments[network.spec.name] != nil else {
            throw EngineError(.notFound, "container \(containers[index].id) is not connected to network \(network.spec.name)",
                              resource: resourceID(of: containers[index]))
        }
        containers[index].attachments[network.spec.name] = nil
        if containers[index].isActive { emit(.networkDisconnect, network: network) }
    }

    mutating func createVolume(_ spec: VolumeSpec) throws(EngineError) {
        let name = spec.name.isEmpty ? nextID("volume") : spec.name
        let driver = spec.driver ?? "local"
        if let existing = volumes.first(where: { $0.name == name }) {
            // dockerd returns the existing volume when the driver matches (its labels stay as they were).
            guard existing.driver == driver else {
                throw EngineError(.conflict, "volume name \(name) already in use with driver \(existing.driver)",
                                  resource: ResourceID(.volume, spec.labels[OwnershipLabels.volume] ?? name))
            }
            return
        }
        let volume = Volume(name: name, driver: driver, labels: spec.labels)
        volumes.append(volume)
        emit(.volumeCreate, volume: volume)
    }

    mutating func removeVolume(_ name: String) throws(EngineError) {
        let index = try volumeIndex(name)
        // Any container referencing the volume, running or not, keeps it in use.
        let users = containers.filter { $0.spec.mounts.contains { $0.kind == .volume && $0.source == name } }
        guard users.isEmpty else {
            throw EngineError(.conflict, "remove \(name): volume is in use - [\(users.map(\.id).joined(separator: ", "))]",
                              resource: ResourceID(.volume, volumes[index].labels[OwnershipLabels.volume] ?? name))
        }
        emit(.volumeDestroy, volume: volumes[index])
        volumes.remove(at: index)
    }

    private func resourceID(of spec: NetworkSpec) -> ResourceID {
        ResourceID(.network, spec.labels[OwnershipLabels.network] ?? spec.name)
    }
}
