import EngineAPI
import Foundation

/// The image table: `<state>/images.json` maps canonical references to records, and keeps images that
/// lost their last name (dangling) until pruned. Readers see whole files (atomic rename); writers
/// serialise on `<state>/locks/images.lock`, across processes too. Blobs live in `content`.
public struct ImageStore: Sendable {
    public let root: String
    public let content: ContentStore

    /// `root` is the state directory; content lives at `<root>/content`.
    public init(root: String) {
        self.root = root
        content = ContentStore(root: "\(root)/content")
    }

    var tablePath: String { "\(root)/images.json" }
    var lockPath: String { "\(root)/locks/images.lock" }
    var leasePath: String { "\(root)/locks/content.lock" }

    /// Every record: the named ones sorted by name, then the dangling ones.
    public func records() throws(EngineError) -> [ImageRecord] {
        let table = try ImageTable.read(tablePath)
        return table.references.keys.sorted().compactMap { table.references[$0] } + table.dangling
    }

    /// The record a reference names. A reference with a digest matches the record of that repository whose
    /// repo digest it is.
    public func record(for reference: ImageReference) throws(EngineError) -> ImageRecord? {
        let table = try ImageTable.read(tablePath)
        if let record = table.references[reference.description] { return record }
        guard let digest = reference.digest.flatMap(Digest.init(parsing:)) else { return nil }
        return table.references.keys.sorted().compactMap { table.references[$0] }.first { record in
            guard record.manifestDigest == digest, let name = record.reference else { return false }
            return name.registry == reference.registry && name.repository == reference.repository
        }
    }

    /// The record of an image id: `sha256:<hex>`, or a prefix of the hex (with or without `sha256:`) that only
    /// one image has. nil when nothing matches; `.invalidArgument` naming the candidates when it is ambiguous.
    /// A named record is preferred over a dangling one of the same image.
    public func record(id: String) throws(EngineError) -> ImageRecord? {
        let prefix = id.hasPrefix("sha256:") ? String(id.dropFirst("sha256:".count)) : id
        guard !prefix.isEmpty, prefix.utf8.count <= 64,
              prefix.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        let matches = try records().filter { $0.configDigest.algorithm == "sha256" && $0.configDigest.hex.hasPrefix(prefix) }
        let ids = Set(matches.map(\.configDigest))
        guard ids.count <= 1 else {
            let candidates = ids.sorted().map(\.description).joined(separator: ", ")
            throw EngineError(.invalidArgument, "image id \(id) is ambiguous: it matches \(candidates)")
        }
        return matches.first
    }

    /// Points `reference` at `record`'s image. An image that thereby loses its last name stays, dangling,
    /// until pruned (as Docker keeps the old image after a pull moved its tag).
    public func tag(_ reference: ImageReference, _ record: ImageRecord) throws(EngineError) {
        try update { (table) throws(EngineError) in
            var named = record
            named.name = reference.description
            let previous = table.references[named.name]
            table.references[named.name] = named
            table.dangling.removeAll { $0.configDigest == record.configDigest }
            if let previous, previous.configDigest != record.configDigest {
                table.keepIfUnnamed(previous)
            }
        }
    }

    /// Removes a name; returns the record it had. With `keepDangling`, an image losing its last name is kept
    /// as dangling (an image a container still uses); otherwise it leaves the table and GC collects its blobs.
    @discardableResult
    public func untag(_ reference: ImageReference, keepDangling: Bool = false) throws(EngineError) -> ImageRecord? {
        try update { (table) throws(EngineError) -> ImageRecord? in
            guard let removed = table.references.removeValue(forKey: reference.description) else { return nil }
            if keepDangling { table.keepIfUnnamed(removed) }
            return removed
        }
    }

    /// Adds an image without a name (a build without a tag, a load of an untagged archive entry), unless the
    /// image already has a record.
    public func addDangling(_ record: ImageRecord) throws(EngineError) {
        try update { (table) throws(EngineError) in table.keepIfUnnamed(record) }
    }

    /// Removes every record of an image id (all its names and the dangling entry); returns them.
    @discardableResult
    public func remove(id: Digest) throws(EngineError) -> [ImageRecord] {
        try update { (table) throws(EngineError) -> [ImageRecord] in
            let names = table.references.filter { $0.value.configDigest == id }.keys.sorted()
            var removed = names.compactMap { table.references.removeValue(forKey: $0) }
            removed += table.dangling.filter { $0.configDigest == id }
            table.dangling.removeAll { $0.configDigest == id }
            return removed
        }
    }

    /// A shared lease on the content: hold it while adding blobs that no record references yet (a pull, a
    /// load, a build); garbage collection waits for every lease to end before it decides what is unreachable.
    public func lease() throws(EngineError) -> StoreLock {
        try StoreLock.acquire(leasePath, shared: true)
    }

    /// Read-modify-write of the table under its lock.
    func update<T>(_ body: (inout ImageTable) throws(EngineError) -> T) throws(EngineError) -> T {
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        var table = try ImageTable.read(tablePath)
        let result = try body(&table)
        try table.write(tablePath)
        return result
    }
}
