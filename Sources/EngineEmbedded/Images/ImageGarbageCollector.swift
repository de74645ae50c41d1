import EngineAPI
import Foundation

/// Frees what no image needs: unreachable blobs, abandoned ingests, unpacked layers of removed images.
/// Blob collection takes the content lease exclusively, so it waits for pulls, loads and builds holding
/// `ImageStore.lease()` to finish: their new blobs are not yet reachable from a record.
public struct ImageGarbageCollector: Sendable {
    public struct Report: Sendable, Hashable {
        public var blobsRemoved: [Digest] = []
        public var ingestsRemoved: [String] = []
        public var layersRemoved: [String] = []
        public var bytesFreed: Int64 = 0

        public init() {}
    }

    public let images: ImageStore
    /// Ingests and layer temp dirs younger than this are left alone even when unlocked.
    public var staleAfter: TimeInterval

    public init(images: ImageStore, staleAfter: TimeInterval = 15 * 60) {
        self.images = images
        self.staleAfter = staleAfter
    }

    /// Every blob reachable from a record: record → manifest or index → manifests → config + layers.
    public func reachableBlobs() throws(EngineError) -> Set<Digest> {
        var reachable = Set<Digest>()
        for record in try images.records() {
            reachable.insert(record.configDigest)
            if let manifest = record.manifestDigest { try mark(manifest, into: &reachable, depth: 0) }
        }
        return reachable
    }

    private func mark(_ digest: Digest, into reachable: inout Set<Digest>, depth: Int) throws(EngineError) {
        guard reachable.insert(digest).inserted, depth < 4, images.content.contains(digest) else { return }
        let sniff = try images.decode(ManifestSniff.self, digest, what: "garbage collection: manifest")
        if sniff.isIndex {
            for entry in sniff.manifests ?? [] { try mark(entry.digest, into: &reachable, depth: depth + 1) }
            return
        }
        let manifest = try images.decode(OCIManifest.self, digest, what: "garbage collection: manifest")
        reachable.insert(manifest.config.digest)
        for layer in manifest.layers { reachable.insert(layer.digest) }
    }

    /// Removes unreachable blobs and stale, unlocked ingest directories.
    public func collectBlobs() throws(EngineError) -> Report {
        let lease = try StoreLock.acquire(images.leasePath)
        defer { lease.unlock() }
        return try sweepBlobs()
    }

    /// Removes blobs as `collectBlobs` does, and layer directories as `collectLayers` does, under one hold
    /// of the content lease.
    public func collect(layers: String, chainIDs: ([Digest]) -> [Digest], keep: Set<String> = []) throws(EngineError) -> Report {
        let lease = try StoreLock.acquire(images.leasePath)
        defer { lease.unlock() }
        var report = try sweepBlobs()
        let layerReport = try sweepLayers(in: layers, keep: keep.union(neededLayers(chainIDs: chainIDs)))
        report.layersRemoved = layerReport.layersRemoved
        return report
    }

    private func sweepBlobs() throws(EngineError) -> Report {
        var report = Report()
        let reachable = try reachableBlobs()
        for digest in try images.content.allDigests() where !reachable.contains(digest) {
            let size = images.content.size(of: digest) ?? 0
            try images.content.remove(digest)
            report.blobsRemoved.append(digest)
            report.bytesFreed += size
        }
        try collectIngests(into: &report)
        return report
    }

    private func collectIngests(into report: inout Report) throws(EngineError) {
        let directory = images.content.ingestDirectory
        for name in try FileSystem.list(directory).sorted() {
            let path = "\(directory)/\(name)"
            guard isStale(path), let lock = try StoreLock.tryAcquire("\(path)/lock") else { continue }
            let size = FileSystem.fileSize("\(path)/data") ?? 0
            try FileSystem.remove(path)
            lock.unlock()
            report.ingestsRemoved.append(name)
            report.bytesFreed += size
        }
    }

    /// Removes `<layers>/<hex>` directories not needed by any image (`chainIDs` is `LayerStore.chainIDs`)
    /// nor named in `keep` (layers of containers' images, given by the caller), and stale `tmp-*` leftovers.
    /// Other entries (short-name link dirs) are left alone. Sizes of removed layers are not counted.
    /// Holds the content lease, so layers of a pull in progress (holding `ImageStore.lease()`) survive.
    public func collectLayers(in layers: String, chainIDs: ([Digest]) -> [Digest],
                              keep: Set<String> = []) throws(EngineError) -> Report {
        let lease = try StoreLock.acquire(images.leasePath)
        defer { lease.unlock() }
        return try sweepLayers(in: layers, keep: keep.union(neededLayers(chainIDs: chainIDs)))
    }

    private func sweepLayers(in layers: String, keep: Set<String>) throws(EngineError) -> Report {
        var report = Report()
        for name in try FileSystem.list(layers).sorted() {
            let path = "\(layers)/\(name)"
            let isLayer = name.utf8.count == 64 && name.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            let isLeftover = name.hasPrefix("tmp-") && isStale(path)
            guard isLayer && !keep.contains(name) || isLeftover else { continue }
            // Unpacked trees can hold directories without write permission: LayerStore knows how to remove them.
            LayerStore.removeTree(path)
            guard !FileSystem.exists(path) else { throw EngineError(.internalError, "garbage collection: cannot remove layer \(path)") }
            report.layersRemoved.append(name)
        }
        return report
    }

    /// The layer directory names (chainID hex) the remaining images need, given the layer store's chainID
    /// function (`LayerStore.chainIDs`). Images whose config is missing contribute nothing.
    public func neededLayers(chainIDs: ([Digest]) -> [Digest]) throws(EngineError) -> Set<String> {
        var needed = Set<String>()
        for id in Set(try images.records().map(\.configDigest)) {
            let record = ImageRecord(name: ImageRecord.noName, manifestDigest: nil, manifestMediaType: nil, configDigest: id)
            guard images.content.contains(id) else { continue }
            let config = try images.config(of: record)
            for chainID in chainIDs(config.rootfs.diffIDs) { needed.insert(chainID.hex) }
        }
        return needed
    }

    private func isStale(_ path: String) -> Bool {
        guard let modified = FileSystem.modificationTime(path) else { return false }
        return Date().timeIntervalSince(modified) >= staleAfter
    }
}
