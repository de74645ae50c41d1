import EngineAPI
import Foundation

/// The containers' directories under `<state>/containers/<id>/`: the record, the OCI bundle (`config.json`),
/// the overlay (`rootfs`, `upper`, `work`), the files bind-mounted into the container and the supervisor's
/// records. Creates, renames and removes take `<state>/locks/containers.lock`, which keeps names unique.
public struct ContainerStore: Sendable {
    public let stateRoot: String

    public init(stateRoot: String) {
        self.stateRoot = stateRoot
    }

    public var directory: String { stateRoot + "/containers" }
    var lockPath: String { stateRoot + "/locks/containers.lock" }
    public func bundle(of id: String) -> String { "\(directory)/\(id)" }
    func recordPath(_ id: String) -> String { bundle(of: id) + "/container.json" }

    /// Runs `body` holding the store's lock (name checks and the record writes that depend on them).
    public func locked<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        return try body()
    }

    /// Every record; directories without a readable record (a create that crashed before writing it) are skipped.
    public func records() throws(EngineError) -> [ContainerRecord] {
        try FileSystem.list(directory).filter { ContainerStore.isID($0) }.sorted()
            .compactMap { try? read($0) }
    }

    public func read(_ id: String) throws(EngineError) -> ContainerRecord {
        do {
            return try AtomicFile.readJSON(ContainerRecord.self, from: recordPath(id), what: "container record")
        } catch {
            // Absent (or removed meanwhile) is "no such container"; a record that does not decode is its own error.
            if !FileSystem.exists(recordPath(id)) { throw EngineError(.notFound, "No such container: \(id)") }
            throw error
        }
    }

    public func write(_ record: ContainerRecord) throws(EngineError) {
        try AtomicFile.writeJSON(record, to: recordPath(record.id), what: "container \(record.name)")
    }

    /// Applies `change` to the stored record and writes it back.
    @discardableResult
    public func update(_ id: String, _ change: (inout ContainerRecord) throws(EngineError) -> Void) throws(EngineError) -> ContainerRecord {
        var record = try read(id)
        try change(&record)
        try write(record)
        return record
    }

    /// A container by full id, unique id prefix or name (with or without the leading "/"), as Docker resolves them.
    public func resolve(_ reference: String) throws(EngineError) -> ContainerRecord {
        let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
        if ContainerStore.isID(name), let record = try? read(name) { return record }
        let all = try records().filter { !$0.removing }
        if let byName = all.first(where: { $0.name == name }) { return byName }
        let prefixed = all.filter { !name.isEmpty && $0.id.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        if prefixed.count > 1 {
            throw EngineError(.invalidArgument, "multiple IDs found with provided prefix: \(name)")
        }
        throw EngineError(.notFound, "No such container: \(reference)")
    }

    /// A new 64-hex id, like Docker's.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isID(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Docker's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    static func validate(name: String) throws(EngineError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard name.count >= 2, let first = name.first, first.isLetter || first.isNumber, first.isASCII,
              name.allSatisfy({ allowed.contains($0) }) else {
            throw EngineError(.invalidArgument, "Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
    }
}
