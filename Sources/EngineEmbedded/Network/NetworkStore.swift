import Crypto
import EngineAPI
import Foundation

/// The records of the compose networks and their host objects (bridge, our iptables rules).
/// Record writes are atomic and serialised by `<state>/locks/networks.lock`.
public struct NetworkStore: Sendable {
    public let stateRoot: String
    /// tmpfs root for CNI IPAM data and caches ("/run/swift-compose").
    public let runtimeRoot: String
    public var pool: SubnetPool

    public init(stateRoot: String, runtimeRoot: String = "/run/swift-compose", pool: SubnetPool = SubnetPool()) {
        self.stateRoot = stateRoot
        self.runtimeRoot = runtimeRoot
        self.pool = pool
    }

    var directory: String { stateRoot + "/networks" }
    var lockPath: String { stateRoot + "/locks/networks.lock" }
    func path(of name: String) -> String { "\(directory)/\(name).json" }

    /// The IPAM data directory handed to host-local.
    public var ipamDirectory: String { runtimeRoot + "/cni/ipam" }

    /// A bridge name unique to this state directory and network name.
    public func bridgeName(for name: String) -> String {
        let digest = SHA256.hash(data: Data((stateRoot + "\u{0}" + name).utf8))
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        return "swc-" + hex.prefix(10)
    }

    public func create(_ name: String, options: NetworkOptions = NetworkOptions()) throws(EngineError) -> NetworkRecord {
        try NetworkStore.validate(name)
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        if FileSystem.exists(path(of: name)) {
            throw EngineError(.conflict, "network \(name) already exists")
        }
        let existing = try recordsUnlocked()
        let subnet: IPv4Subnet
        if let requested = options.subnet {
            guard let parsed = IPv4Subnet(requested), parsed.prefix <= 30 else {
                throw EngineError(.invalidArgument, "network \(name): invalid IPv4 subnet \(requested)")
            }
            if let clash = existing.first(where: { IPv4Subnet($0.subnet)?.overlaps(parsed) == true }) {
                throw EngineError(.conflict, "network \(name): subnet \(requested) overlaps network \(clash.name) (\(clash.subnet))")
            }
            subnet = parsed
        } else {
            let taken = SubnetPool.hostRoutes() + existing.compactMap { IPv4Subnet($0.subnet) }
            guard let chosen = pool.choose(avoiding: taken) else {
                throw EngineError(.unavailable, "network \(name): no free subnet left in \(pool.pool)")
            }
            subnet = chosen
        }
        var gateway = subnet.firstHost
        if let requested = options.gateway {
            guard let address = IPv4Subnet.parseAddress(requested), subnet.contains(address) else {
                throw EngineError(.invalidArgument, "network \(name): gateway \(requested) is not in \(subnet)")
            }
            gateway = requested
        }
        var ipv6Subnet: String?
        var ipv6Gateway: String?
        if options.enableIPv6 || options.ipv6Subnet != nil {
            ipv6Subnet = options.ipv6Subnet ?? NetworkStore.ipv6Subnet(index: subnet.address >> 8 & 0xFFFF)
            ipv6Gateway = options.ipv6Gateway ?? ipv6Subnet.map(NetworkStore.ipv6FirstHost)
        }
        let record = NetworkRecord(
            name: name, bridge: bridgeName(for: name), subnet: subnet.description, gateway: gateway,
            ipv6Subnet: ipv6Subnet, ipv6Gateway: ipv6Gateway, internal: options.internal, labels: options.labels,
            createdAt: ISO8601DateFormatter().string(from: Date()))
        try NetworkFirewall.addNetwork(bridge: record.bridge, subnet: record.subnet, ipv6Subnet: record.ipv6Subnet,
                                       internal: record.internal)
        do {
            try write(record)
        } catch {
            try? NetworkFirewall.removeNetwork(bridge: record.bridge, subnet: record.subnet, ipv6Subnet: record.ipv6Subnet)
            throw error
        }
        return record
    }

    public func inspect(_ name: String) throws(EngineError) -> NetworkRecord? {
        try NetworkStore.validate(name)
        guard FileSystem.exists(path(of: name)) else { return nil }
        return try read(path(of: name))
    }

    public func list() throws(EngineError) -> [NetworkRecord] {
        let lock = try StoreLock.acquire(lockPath, shared: true)
        defer { lock.unlock() }
        return try recordsUnlocked()
    }

    /// Deletes the bridge, our own rules for it and its IPAM data, then the record. Containers must have been
    /// detached (CNI DEL) first. Missing pieces are fine: a crashed remove is finished by the next one.
    public func remove(_ name: String) throws(EngineError) {
        try NetworkStore.validate(name)
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        guard FileSystem.exists(path(of: name)) else {
            throw EngineError(.notFound, "network \(name) not found")
        }
        let record = try read(path(of: name))
        try NetworkFirewall.removeNetwork(bridge: record.bridge, subnet: record.subnet, ipv6Subnet: record.ipv6Subnet)
        let ip = HostCommand.find("ip")
        if (try? HostCommand.run(ip, ["link", "show", record.bridge]))?.status == 0 {
            try HostCommand.check(ip, ["link", "del", record.bridge], what: "network \(name): delete bridge \(record.bridge)")
        }
        try? FileManager.default.removeItem(atPath: "\(ipamDirectory)/\(record.bridge)")
        try FileSystem.remove(path(of: name))
        FileSystem.syncDirectory(directory)
    }

    private func recordsUnlocked() throws(EngineError) -> [NetworkRecord] {
        try FileSystem.list(directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { (file) throws(EngineError) -> NetworkRecord in try read("\(directory)/\(file)") }
    }

    private func read(_ path: String) throws(EngineError) -> NetworkRecord {
        try AtomicFile.readJSON(NetworkRecord.self, from: path, what: "network record")
    }

    private func write(_ record: NetworkRecord) throws(EngineError) {
        try AtomicFile.writeJSON(record, to: path(of: record.name), what: "network \(record.name)", pretty: true)
    }

    static func validate(_ name: String) throws(EngineError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard !name.isEmpty, !name.hasPrefix("."), name.allSatisfy({ allowed.contains($0) }) else {
            throw EngineError(.invalidArgument, "invalid network name \"\(name)\"")
        }
    }

    /// A ULA /64 derived from the IPv4 subnet's index, so both families are chosen together.
    static func ipv6Subnet(index: UInt32) -> String {
        "fd89:5c00:0:\(String(index, radix: 16))::/64"
    }

    static func ipv6FirstHost(_ subnet: String) -> String {
        let prefix = subnet.split(separator: "/").first.map(String.init) ?? subnet
        return prefix.hasSuffix("::") ? prefix + "1" : prefix
    }
}
