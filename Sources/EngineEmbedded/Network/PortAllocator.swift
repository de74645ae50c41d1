import EngineAPI
import Foundation

/// The host port table: `<runtime>/ports/<proto>-<ip>-<port>` files naming their owner. Allocation checks the
/// table and tries a bind() on the host, so a conflict is reported before any container starts.
public struct PortAllocator: Sendable {
    public let runtimeRoot: String

    public init(runtimeRoot: String = "/run/swift-compose") {
        self.runtimeRoot = runtimeRoot
    }

    var directory: String { runtimeRoot + "/ports" }
    var lockPath: String { runtimeRoot + "/locks/ports.lock" }

    static func key(_ mapping: PortMapping) -> String {
        "\(mapping.protocol)-\(mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP)-\(mapping.hostPort)"
    }

    /// Records every mapping for `owner` (all or none) and returns them with ephemeral host ports resolved.
    /// Mappings the owner already holds are kept.
    public func allocate(_ mappings: [PortMapping], owner: String) throws(EngineError) -> [PortMapping] {
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        try FileSystem.makeDirectories(directory)
        var table = try entries()
        var written: [String] = []
        var result: [PortMapping] = []
        do throws(EngineError) {
            for var mapping in mappings {
                if mapping.hostPort == 0 {
                    mapping.hostPort = try ephemeralPort(mapping, table: table)
                } else {
                    if let holder = conflict(mapping, table: table, owner: owner) {
                        throw EngineError(.conflict, "port \(mapping) is already allocated (by \(holder))")
                    }
                    if table[PortAllocator.key(mapping)] == nil, let reason = PortProbe.bindFailure(mapping) {
                        throw EngineError(.conflict, "port \(mapping) is already allocated (by \(reason))")
                    }
                }
                let key = PortAllocator.key(mapping)
                if table[key] == nil {
                    try AtomicFile.write(Array(owner.utf8), to: "\(directory)/\(key)")
                    written.append(key)
                    table[key] = owner
                }
                result.append(mapping)
            }
        } catch {
            for key in written { unlink("\(directory)/\(key)") }
            throw error
        }
        return result
    }

    /// Frees every port `owner` holds; returns how many.
    @discardableResult
    public func release(owner: String) throws(EngineError) -> Int {
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        let owned = try entries().filter { $0.value == owner }
        for key in owned.keys { try FileSystem.remove("\(directory)/\(key)") }
        return owned.count
    }

    /// key → owner.
    public func entries() throws(EngineError) -> [String: String] {
        var table: [String: String] = [:]
        for name in try FileSystem.list(directory) where !name.hasPrefix(".") {
            table[name] = String(decoding: (try? FileSystem.readAll("\(directory)/\(name)")) ?? [], as: UTF8.self)
        }
        return table
    }

    /// Same protocol and port, and the same address or a wildcard on either side: "container <holder>".
    func conflict(_ mapping: PortMapping, table: [String: String], owner: String) -> String? {
        PortAllocator.holder(of: mapping, in: table.filter { $0.value != owner }).map { "container \($0)" }
    }

    /// The owner of an entry of `table` that `mapping` would collide with, if any.
    static func holder(of mapping: PortMapping, in table: [String: String]) -> String? {
        let wanted = mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP
        for (key, holder) in table.sorted(by: { $0.key < $1.key }) {
            let fields = key.split(separator: "-")
            guard fields.count >= 3, String(fields[0]) == mapping.protocol,
                  Int(fields[fields.count - 1]) == mapping.hostPort else { continue }
            let ip = fields[1..<(fields.count - 1)].joined(separator: "-")
            if ip == wanted || isWildcard(ip) || isWildcard(wanted) { return holder }
        }
        return nil
    }

    static func isWildcard(_ ip: String) -> Bool { ip == "0.0.0.0" || ip == "::" }

    private func ephemeralPort(_ mapping: PortMapping, table: [String: String]) throws(EngineError) -> Int {
        for _ in 0..<50 {
            guard let port = PortProbe.freePort(mapping) else { break }
            var candidate = mapping
            candidate.hostPort = port
            if conflict(candidate, table: table, owner: "") == nil { return port }
        }
        throw EngineError(.unavailable, "port \(mapping): no free host port")
    }
}
