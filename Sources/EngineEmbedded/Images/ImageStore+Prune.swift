import EngineAPI

extension ImageStore {
    /// Removes dangling images, or with `all` every image, except those whose id is in `inUse` (containers'
    /// images, given by the caller). Returns the removed records; run `ImageGarbageCollector` afterwards
    /// to free their blobs and layers.
    @discardableResult
    public func prune(all: Bool, inUse: Set<Digest>) throws(EngineError) -> [ImageRecord] {
        try update { (table) throws(EngineError) -> [ImageRecord] in
            var removed = table.dangling.filter { !inUse.contains($0.configDigest) }
            table.dangling.removeAll { !inUse.contains($0.configDigest) }
            if all {
                for name in table.references.keys.sorted() {
                    guard let record = table.references[name], !inUse.contains(record.configDigest) else { continue }
                    table.references.removeValue(forKey: name)
                    removed.append(record)
                }
            }
            return removed
        }
    }
}
