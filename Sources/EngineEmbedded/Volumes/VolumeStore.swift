import EngineAPI
import Foundation

/// Named volumes of the local driver: `<state>/volumes/<name>/_data` (the directory containers bind-mount) and
/// `<state>/volumes/<name>/volume.json` (the record; a volume exists once its record does). Changes are
/// serialised by `<state>/locks/volumes.lock`.
public struct VolumeStore: Sendable {
    public let stateRoot: String

    public init(stateRoot: String) {
        self.stateRoot = stateRoot
    }

    var directory: String { stateRoot + "/volumes" }
    var lockPath: String { stateRoot + "/locks/volumes.lock" }
    func volumeDirectory(_ name: String) -> String { "\(directory)/\(name)" }
    func recordPath(_ name: String) -> String { "\(directory)/\(name)/volume.json" }
    func dataPath(_ name: String) -> String { "\(directory)/\(name)/_data" }

    /// Docker's semantics: an existing volume of the same (local) driver is returned unchanged.
    public func create(_ spec: VolumeSpec) throws(EngineError) -> VolumeRecord {
        try VolumeStore.validate(spec.name)
        if let driver = spec.driver, !driver.isEmpty, driver != "local" {
            throw EngineError(.unsupported, "create \(spec.name): volume driver \"\(driver)\" is not supported by the embedded engine (only \"local\")")
        }
        try VolumeDriverOptions.validate(spec.driverOptions, volume: spec.name)
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        if let existing = try readIfPresent(spec.name) { return existing }
        let record = VolumeRecord(name: spec.name, labels: spec.labels, options: spec.driverOptions,
                                  createdAt: ISO8601DateFormatter().string(from: Date()))
        try publish(record)
        return record
    }

    /// A volume for an anonymous `volumes:` entry: a random 64-hex name and Docker's anonymous label.
    public func createAnonymous(labels: [String: String] = [:]) throws(EngineError) -> VolumeRecord {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let name = bytes.map { String(format: "%02x", $0) }.joined()
        var all = labels
        all[VolumeStore.anonymousLabel] = ""
        let record = VolumeRecord(name: name, labels: all, createdAt: ISO8601DateFormatter().string(from: Date()), anonymous: true)
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        try publish(record)
        return record
    }

    /// The label Docker (23+) puts on anonymous volumes.
    public static let anonymousLabel = "com.docker.volume.anonymous"

    /// nil for an absent volume, and for a name no volume can have (as Docker: "no such volume").
    public func inspect(_ name: String) throws(EngineError) -> VolumeRecord? {
        guard (try? VolumeStore.validate(name)) != nil else { return nil }
        return try readIfPresent(name)
    }

    public func list() throws(EngineError) -> [VolumeRecord] {
        let lock = try StoreLock.acquire(lockPath, shared: true)
        defer { lock.unlock() }
        var records: [VolumeRecord] = []
        for name in try FileSystem.list(directory).sorted() where !name.hasPrefix(".") {
            if let record = try readIfPresent(name) { records.append(record) }
        }
        return records
    }

    /// Deletes the volume and its data (never a bind volume's device). The caller knows which containers
    /// mount it and passes their ids: Docker refuses to remove a volume in use.
    public func remove(_ name: String, inUseBy containers: [String] = []) throws(EngineError) {
        guard (try? VolumeStore.validate(name)) != nil else { throw EngineError(.notFound, "get \(name): no such volume") }
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        guard try readIfPresent(name) != nil else {
            throw EngineError(.notFound, "get \(name): no such volume")
        }
        guard containers.isEmpty else {
            throw EngineError(.conflict, "remove \(name): volume is in use - [\(containers.joined(separator: " "))]")
        }
        // Out of sight first (one rename), then the tree: a crash leaves a hidden directory, not half a volume.
        let doomed = "\(directory)/.removing-\(name)-\(UUID().uuidString.lowercased())"
        guard rename(volumeDirectory(name), doomed) == 0 else { throw FileSystem.error("rename", volumeDirectory(name)) }
        FileSystem.syncDirectory(directory)
        try FileSystem.remove(doomed)
        // Leftovers of removals a crash interrupted.
        for name in try FileSystem.list(directory) where name.hasPrefix(".removing-") {
            try? FileSystem.remove("\(directory)/\(name)")
        }
    }

    /// The directory to bind-mount into a container: `_data`, or a bind volume's device (which must exist).
    public func hostPath(of name: String) throws(EngineError) -> String {
        guard let record = try inspect(name) else { throw EngineError(.notFound, "get \(name): no such volume") }
        guard let device = record.bindDevice else { return dataPath(name) }
        var info = stat()
        guard stat(device, &info) == 0 else {
            throw EngineError(.notFound, "volume \(name): bind device \(device): \(String(cString: strerror(errno)))")
        }
        return device
    }

    /// Docker's copy-up: copies what the image has at a mount target (`directory`, already resolved inside a
    /// mounted rootfs) into the volume when the volume has never been populated and is empty. Owners, modes,
    /// symlinks and times are kept. Returns whether anything was copied. A source that is absent or empty
    /// copies nothing and leaves the volume to the next container's image, as Docker does.
    @discardableResult
    public func populate(_ name: String, from source: String) throws(EngineError) -> Bool {
        guard (try? VolumeStore.validate(name)) != nil else { throw EngineError(.notFound, "get \(name): no such volume") }
        // The lock is held through the copy so two containers starting together cannot both fill the volume.
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        guard var record = try readIfPresent(name) else { throw EngineError(.notFound, "get \(name): no such volume") }
        if record.populated { return false }
        let target = try hostPath(of: name)  // a bind volume's device must exist
        guard VolumeCopier.isNonEmptyDirectory(source), !VolumeCopier.isNonEmptyDirectory(target) else { return false }
        try VolumeCopier.copyContents(of: source, into: target)
        record.populated = true
        try write(record)
        return true
    }

    /// Docker's rule for volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (so at least two characters).
    static func validate(_ name: String) throws(EngineError) {
        let alphanumeric = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let allowed = alphanumeric.union("_.-")
        guard let first = name.first, alphanumeric.contains(first), name.allSatisfy({ allowed.contains($0) }) else {
            throw EngineError(.invalidArgument,
                              "create \(name): \"\(name)\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed")
        }
        guard name.count >= 2 else {
            throw EngineError(.invalidArgument, "create \(name): volume name is too short, names should be at least two alphanumeric characters")
        }
    }

    private func publish(_ record: VolumeRecord) throws(EngineError) {
        if record.bindDevice == nil {
            try FileSystem.makeDirectories(dataPath(record.name))
        } else {
            try FileSystem.makeDirectories(volumeDirectory(record.name))
        }
        try write(record)
    }

    private func readIfPresent(_ name: String) throws(EngineError) -> VolumeRecord? {
        let path = recordPath(name)
        guard FileSystem.exists(path) else { return nil }
        return try AtomicFile.readJSON(VolumeRecord.self, from: path, what: "volume record")
    }

    private func write(_ record: VolumeRecord) throws(EngineError) {
        try AtomicFile.writeJSON(record, to: recordPath(record.name), what: "volume \(record.name)", pretty: true)
    }
}
