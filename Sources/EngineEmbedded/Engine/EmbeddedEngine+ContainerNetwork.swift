import EngineAPI
import Foundation

/// A container's network: its namespace (`/run/netns/swc-<id>`), loopback, one CNI attachment per network
/// (`eth0`, `eth1`, …; published ports on the first), and its /etc/hosts, /etc/hostname and /etc/resolv.conf.
extension EmbeddedEngine {
    enum NetworkMode: Equatable {
        case attachments
        case none
        case host
        case container(String)
    }

    func networkMode(_ record: ContainerRecord) -> NetworkMode {
        guard let mode = record.spec.networkMode else { return .attachments }
        if mode == "host" { return .host }
        if mode == "none" { return .none }
        if mode.hasPrefix("container:") { return .container(String(mode.dropFirst("container:".count))) }
        return .attachments
    }

    /// The namespace the container joins; nil for the host's network.
    func networkNamespacePath(_ record: ContainerRecord) throws(EngineError) -> String? {
        switch networkMode(record) {
        case .host: return nil
        case .none, .attachments: return NetworkNamespace(id: record.id).path
        case .container(let reference):
            let target = try containers.resolve(reference)
            return try networkNamespacePath(target)
        }
    }

    /// Published ports are allocated first, so a conflict stops the start before anything is made.
    func setUpNetwork(_ original: ContainerRecord) throws(EngineError) -> ContainerRecord {
        var record = original
        let mode = networkMode(record)
        guard mode == .attachments || mode == .none else {
            record.ports = []
            return record
        }
        let allocated = mode == .attachments && !record.networks.isEmpty
            ? try ports.allocate(try EmbeddedEngine.portMappings(record.spec.ports, ports: ports, owner: record.id), owner: record.id)
            : []
        record.ports = allocated
        let namespace = try NetworkNamespace.create(id: record.id)
        try cni.addLoopback(containerID: record.id, netns: namespace.path)
        guard mode == .attachments else { return record }
        for index in record.networks.indices {
            let name = record.networks[index].network
            guard let network = try networks.inspect(name) else {
                throw EngineError(.notFound, "network \(name) not found")
            }
            if !FileSystem.exists("/sys/class/net/" + network.bridge) {
                // The first start since the bridge went (a reboot): its rules went with it.
                try NetworkFirewall.addNetwork(bridge: network.bridge, subnet: network.subnet, ipv6Subnet: network.ipv6Subnet,
                                               internal: network.internal)
            }
            let interface = "eth\(index)"
            let result = try cni.add(network: network, ipamDirectory: networks.ipamDirectory, containerID: record.id,
                                     netns: namespace.path, interfaceName: interface,
                                     portMappings: index == 0 ? allocated : [],
                                     staticIPs: try EmbeddedEngine.staticIPs(record.networks[index].attachment, network: network))
            record.networks[index].interfaceName = interface
            record.networks[index].ipv4Address = result.ipv4
            record.networks[index].ipv6Address = result.ipv6
            record.networks[index].macAddress = result.interfaces?.first { $0.name == interface }?.mac
        }
        return record
    }

    /// The attachment's requested addresses in CIDR form with their network's prefix; one outside the network's
    /// subnet is refused before CNI runs.
    static func staticIPs(_ attachment: NetworkAttachment, network: NetworkRecord) throws(EngineError) -> [String] {
        var result: [String] = []
        if let address = attachment.ipv4Address, !address.isEmpty {
            guard let subnet = IPv4Subnet(network.subnet), let parsed = IPv4Subnet.parseAddress(address), subnet.contains(parsed) else {
                throw EngineError(.invalidArgument, "invalid ipv4_address \(address): not in network \(network.name)'s subnet \(network.subnet)")
            }
            result.append("\(address)/\(subnet.prefix)")
        }
        if let address = attachment.ipv6Address, !address.isEmpty, let subnet = network.ipv6Subnet,
           let prefix = subnet.split(separator: "/").last {
            result.append("\(address)/\(prefix)")
        }
        return result
    }

    /// Compose's port bindings as portmap mappings; a host port range takes its first free port.
    static func portMappings(_ bindings: [PortBinding], ports: PortAllocator, owner: String) throws(EngineError) -> [PortMapping] {
        var result: [PortMapping] = []
        for binding in bindings {
            var mapping = PortMapping(hostIP: binding.hostIP ?? "", hostPort: 0, containerPort: binding.containerPort,
                                      protocol: binding.portProtocol.rawValue)
            if let text = binding.hostPort, !text.isEmpty {
                let bounds = text.split(separator: "-").map { Int($0) }
                guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high else {
                    throw EngineError(.invalidArgument, "invalid host port \(text)")
                }
                mapping.hostPort = low
                if high > low {
                    let table = try ports.entries()
                    mapping.hostPort = (low...high).first { port in
                        var candidate = mapping
                        candidate.hostPort = port
                        return ports.conflict(candidate, table: table, owner: owner) == nil && PortProbe.bindFailure(candidate) == nil
                    } ?? low
                }
            }
            result.append(mapping)
        }
        return result
    }

    /// Undoes a run: the runc container (killed if still there), CNI attachments, the namespace, the ports
    /// and the rootfs mount. Every step is idempotent, so a crashed start or stop is finished by the next call.
    func tearDownRun(_ record: ContainerRecord) throws(EngineError) {
        let bundle = containers.bundle(of: record.id)
        if FileSystem.exists(runtime.runcRoot + "/" + record.id) {
            try AtomicFile.write([], to: bundle + "/" + ShimFiles.stoppedByUser)
            try runc.delete(record.id, force: true)
        }
        let namespace = NetworkNamespace(id: record.id)
        let runner = cni
        for (index, entry) in record.networks.enumerated() {
            let interface = entry.interfaceName ?? "eth\(index)"
            let cached = FileSystem.exists(runner.cachePath(containerID: record.id, network: entry.network))
            guard cached || namespace.exists, let network = try networks.inspect(entry.network) else { continue }
            try runner.delete(network: network, ipamDirectory: networks.ipamDirectory, containerID: record.id,
                              netns: namespace.path, interfaceName: interface)
        }
        try namespace.delete()
        try ports.release(owner: record.id)
        let overlay = OverlayMount(directory: bundle)
        if overlay.isMounted { try overlay.unmount() }
        unlink(bundle + "/" + ContainerStatus.pausedMarker)
    }

    /// /etc/hostname, /etc/resolv.conf and /etc/hosts of a container about to start.
    func writeEtcFiles(_ record: ContainerRecord) throws(EngineError) {
        let bundle = containers.bundle(of: record.id)
        if case .container(let reference) = networkMode(record) {
            // Sharing another container's network means sharing its view of names too.
            let target = try containers.resolve(reference)
            let source = containers.bundle(of: target.id)
            for name in ["hosts", "resolv.conf", "hostname"] {
                try HostsFile.writeInPlace(String(decoding: (try? FileSystem.readAll(source + "/" + name)) ?? [], as: UTF8.self),
                                           to: bundle + "/" + name)
            }
            return
        }
        let hostname = record.spec.hostname ?? String(record.id.prefix(12))
        try HostsFile.writeInPlace(hostname + "\n", to: bundle + "/hostname")
        let hostResolv = String(decoding: (try? FileSystem.readAll("/etc/resolv.conf")) ?? [], as: UTF8.self)
        if networkMode(record) == .host {
            // On the host's network the host's resolvers, local ones included, are reachable as they are.
            try HostsFile.writeInPlace(hostResolv, to: bundle + "/resolv.conf")
        } else {
            var resolv = ResolvConf.make(hostText: hostResolv, dns: record.spec.dns, dnsSearch: record.spec.dnsSearch,
                                         dnsOptions: record.spec.dnsOptions)
            if resolv.nameservers.isEmpty { resolv.nameservers = ["8.8.8.8", "8.8.4.4"] }  // Docker's fallback
            try resolv.write(to: bundle + "/resolv.conf")
        }
        let all = try containers.records()
        try hostsFile(for: record, among: all, active: activeContainers(all)).write(to: bundle + "/hosts")
    }

    /// Which containers run, read once for a whole set of hosts files (each file lists every running peer).
    func activeContainers(_ all: [ContainerRecord]) -> Set<String> {
        let bootID = EmbeddedRuntime.bootID()
        return Set(all.filter { record in
            !record.removing && EmbeddedEngine.activeStates.contains(
                ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: bootID).state)
        }.map(\.id))
    }

    /// A container's /etc/hosts: its own addresses, every running peer on a shared network under its names
    /// and aliases (and legacy link aliases), then extra_hosts.
    func hostsFile(for record: ContainerRecord, among all: [ContainerRecord], active: Set<String>) throws(EngineError) -> HostsFile {
        var file = HostsFile()
        let hostname = record.spec.hostname ?? String(record.id.prefix(12))
        var ownNames = [hostname]
        if let domain = record.spec.domainname, !domain.isEmpty { ownNames.insert(hostname + "." + domain, at: 0) }
        if networkMode(record) == .host {
            file.own = [HostsFile.Entry(ip: "127.0.1.1", names: ownNames)]
        } else {
            file.own = record.networks.flatMap { entry in
                [entry.ipv4Address, entry.ipv6Address].compactMap { $0 }.map { HostsFile.Entry(ip: $0, names: ownNames) }
            }
        }
        var linkAliases: [String: [String]] = [:]
        for entry in record.networks {
            for link in entry.attachment.links {
                let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                linkAliases[parts[0], default: []].append(parts[1])
            }
        }
        let mine = Set(record.networks.map(\.network))
        for peer in all where peer.id != record.id && active.contains(peer.id) {
            for entry in peer.networks where mine.contains(entry.network) {
                for ip in [entry.ipv4Address, entry.ipv6Address].compactMap({ $0 }) {
                    file.peers.append(HostsFile.Entry(ip: ip, names: entry.attachment.aliases + [peer.name] + (linkAliases[peer.name] ?? [])))
                }
            }
        }
        let gateway = try record.networks.first.flatMap { (entry) throws(EngineError) in try networks.inspect(entry.network)?.gateway }
        for text in record.spec.extraHosts {
            var entry = try HostsFile.extraHost(text)
            if entry.ip == "host-gateway" { entry.ip = gateway ?? "172.17.0.1" }
            file.extraHosts.append(entry)
        }
        return file
    }

    /// Rewrites the hosts files of the running containers on `networks` after a peer came or went. Starts and
    /// stops of many containers at once each ask for it: a caller that finds another one rewriting leaves a
    /// request behind and returns, and the one rewriting goes round again until no request is left, so a burst
    /// costs a few rewrites instead of one per container.
    func refreshHostsFiles(networks names: [String]) throws(EngineError) {
        guard !names.isEmpty else { return }
        let requests = stateDirectory + "/locks/hosts.requested"
        try AtomicFile.write([], to: requests)
        while FileSystem.exists(requests) {
            guard let lock = try StoreLock.tryAcquire(stateDirectory + "/locks/hosts.lock") else { return }
            defer { lock.unlock() }
            while FileSystem.exists(requests) {
                unlink(requests)
                try rewriteHostsFiles()
            }
        }
    }

    /// Every running container's hosts file from one reading of the records and their states.
    private func rewriteHostsFiles() throws(EngineError) {
        let all = try containers.records()
        let active = activeContainers(all)
        for record in all where active.contains(record.id) && networkMode(record) == .attachments {
            try hostsFile(for: record, among: all, active: active).write(to: containers.bundle(of: record.id) + "/hosts")
        }
    }
}
