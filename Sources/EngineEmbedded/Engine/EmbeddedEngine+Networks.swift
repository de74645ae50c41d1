import EngineAPI
import Foundation

/// Compose networks as bridges (`NetworkStore`), and attaching containers to them.
extension EmbeddedEngine {
    public func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String {
        let resource = ResourceID(.network, spec.labels[OwnershipLabels.network] ?? spec.name)
        try requireRuntime()
        if let driver = spec.driver, !driver.isEmpty, driver != "bridge" {
            throw EngineError(.unsupported, "network driver \"\(driver)\" is not supported by the embedded engine (bridge only)",
                              resource: resource)
        }
        var options = NetworkOptions(internal: spec.isInternal, labels: spec.labels)
        options.enableIPv6 = spec.enableIPv6 ?? false
        for pool in spec.ipam?.pools ?? [] {
            guard let subnet = pool.subnet else { continue }
            if subnet.contains(":") {
                options.ipv6Subnet = subnet
                options.ipv6Gateway = pool.gateway
                options.enableIPv6 = true
            } else if options.subnet == nil {
                options.subnet = subnet
                options.gateway = pool.gateway
            }
        }
        let store = networks
        let requested = options
        let hostLocks = runtime.runtimeRoot + "/locks"
        do {
            return try await offload { () throws(EngineError) in
                // Each state directory picks subnets avoiding the host's routes, but a network has no route until
                // its bridge exists: another state directory (a second engine, a test run) would pick the same
                // subnet. The host-wide lock and a bridge made at once claim the subnet for everyone.
                try FileSystem.makeDirectories(hostLocks)
                let lock = try StoreLock.acquire(hostLocks + "/subnets.lock")
                defer { lock.unlock() }
                let record = try store.create(spec.name, options: requested)
                do throws(EngineError) {
                    try EmbeddedEngine.claimSubnet(of: record)
                } catch {
                    try? store.remove(record.name)
                    throw error
                }
                return record.id
            }
        } catch {
            throw error.with(resource: resource)
        }
    }

    /// The network's bridge, up with its gateway address, so the subnet's route exists before any container
    /// joins (the CNI bridge plugin adopts an existing bridge and address).
    static func claimSubnet(of record: NetworkRecord) throws(EngineError) {
        guard let subnet = IPv4Subnet(record.subnet) else { return }
        let ip = HostCommand.find("ip")
        if (try? HostCommand.run(ip, ["link", "show", record.bridge]))?.status != 0 {
            _ = try HostCommand.check(ip, ["link", "add", "name", record.bridge, "type", "bridge"],
                                      what: "network \(record.name): create bridge \(record.bridge)")
        }
        let address = "\(record.gateway)/\(subnet.prefix)"
        let shown = try HostCommand.check(ip, ["-o", "-4", "addr", "show", "dev", record.bridge],
                                          what: "network \(record.name): bridge \(record.bridge) addresses")
        if !shown.stdoutText.contains(" \(address) ") {
            _ = try HostCommand.check(ip, ["addr", "add", address, "dev", record.bridge],
                                      what: "network \(record.name): address \(address) on \(record.bridge)")
        }
        _ = try HostCommand.check(ip, ["link", "set", record.bridge, "up"], what: "network \(record.name): bridge \(record.bridge) up")
    }

    public func removeNetwork(_ name: String) async throws(EngineError) {
        guard let network = try networks.inspect(name) else {
            throw EngineError(.notFound, "network \(name) not found", resource: ResourceID(.network, name))
        }
        let users = try containers.records().filter { record in
            record.networks.contains { $0.network == network.name } && EmbeddedEngine.activeStates.contains(status(record).state)
        }
        guard users.isEmpty else {
            throw EngineError(.conflict, "error while removing network: network \(name) id \(network.id) has active endpoints "
                              + "(\(users.map(\.name).joined(separator: ", ")))", resource: ResourceID(.network, name))
        }
        let store = networks
        try await offload { () throws(EngineError) in try store.remove(name) }
    }

    public func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? {
        guard let network = try networks.inspect(name) else { return nil }
        return observed(network, containers: try containers.records())
    }

    public func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError) {
        let record = try containers.resolve(container)
        guard let network = try networks.inspect(attachment.network) else {
            throw EngineError(.notFound, "network \(attachment.network) not found", resource: resourceID(of: record))
        }
        if record.networks.contains(where: { $0.network == network.name }) {
            throw EngineError(.conflict, "endpoint with name \(record.name) already exists in network \(network.name)",
                              resource: resourceID(of: record))
        }
        guard networkMode(record) == .attachments else {
            throw EngineError(.invalidArgument, "container \(record.name) uses network_mode \(record.spec.networkMode ?? "")"
                              + " and cannot be connected to a network", resource: resourceID(of: record))
        }
        let engine = self
        try await offload { () throws(EngineError) in
            var updated = try engine.containers.update(record.id) { $0.networks.append(ContainerNetworkRecord(attachment: attachment)) }
            guard EmbeddedEngine.activeStates.contains(engine.status(updated).state) else { return }
            let index = updated.networks.count - 1
            let interface = "eth\(index)"
            let result = try engine.cni.add(network: network, ipamDirectory: engine.networks.ipamDirectory, containerID: record.id,
                                            netns: NetworkNamespace(id: record.id).path, interfaceName: interface)
            updated = try engine.containers.update(record.id) { stored in
                guard let position = stored.networks.firstIndex(where: { $0.network == network.name }) else { return }
                stored.networks[position].interfaceName = interface
                stored.networks[position].ipv4Address = result.ipv4
                stored.networks[position].ipv6Address = result.ipv6
            }
            try engine.refreshHostsFiles(networks: updated.networks.map(\.network))
        }
    }

    public func disconnect(container: String, from name: String) async throws(EngineError) {
        let record = try containers.resolve(container)
        guard let entry = record.networks.first(where: { $0.network == name }) else {
            throw EngineError(.notFound, "container \(record.id) is not connected to network \(name)", resource: resourceID(of: record))
        }
        let engine = self
        try await offload { () throws(EngineError) in
            if let network = try engine.networks.inspect(name), let interface = entry.interfaceName,
               EmbeddedEngine.activeStates.contains(engine.status(record).state) {
                try engine.cni.delete(network: network, ipamDirectory: engine.networks.ipamDirectory, containerID: record.id,
                                      netns: NetworkNamespace(id: record.id).path, interfaceName: interface)
            }
            try engine.containers.update(record.id) { $0.networks.removeAll { $0.network == name } }
            try engine.refreshHostsFiles(networks: record.networks.map(\.network))
        }
    }

    public func createVolume(_ spec: VolumeSpec) async throws(EngineError) {
        do {
            _ = try volumes.create(spec)
        } catch {
            throw error.with(resource: ResourceID(.volume, spec.labels[OwnershipLabels.volume] ?? spec.name))
        }
    }

    public func removeVolume(_ name: String) async throws(EngineError) {
        do {
            try volumes.remove(name, inUseBy: try volumeUsers(name))
        } catch {
            throw error.with(resource: ResourceID(.volume, name))
        }
    }

    public func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? {
        try volumes.inspect(name)?.observed
    }
}
