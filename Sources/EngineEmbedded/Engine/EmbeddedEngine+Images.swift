import EngineAPI
import Foundation

/// Image lookups and removal over the image store.
extension EmbeddedEngine {
    /// The record a reference or an id names.
    public func record(_ reference: String) throws(EngineError) -> ImageRecord? {
        if reference.hasPrefix("sha256:") { return try images.record(id: reference) }
        guard let parsed = ImageReference(parsing: reference) else {
            // Not a valid name: a short id is the only other thing it can be.
            return try images.record(id: reference)
        }
        if let named = try images.record(for: parsed) { return named }
        // A bare hex string is an id prefix unless it is also a name the store has (as docker decides).
        let isHex = reference.count >= 4 && reference.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        return isHex ? try images.record(id: reference) : nil
    }

    public func imageID(_ reference: String) async throws(EngineError) -> String? {
        try record(reference)?.id
    }

    public func imageIDs(_ references: [String]) async throws(EngineError) -> [String: String] {
        var found: [String: String] = [:]
        for reference in references {
            if let id = try record(reference)?.id { found[reference] = id }
        }
        return found
    }

    public func inspectImage(_ reference: String) async throws(EngineError) -> ImageDetails? {
        guard let record = try record(reference) else { return nil }
        return try details(of: record, among: images.records())
    }

    /// Every image, each id once, with all its names (for `compose engine images`).
    public func listImages() throws(EngineError) -> [ImageDetails] {
        var seen: Set<Digest> = []
        var result: [ImageDetails] = []
        let records = try images.records()
        for record in records where seen.insert(record.configDigest).inserted {
            result.append(try details(of: record, among: records))
        }
        return result
    }

    /// `records`: the whole image table, read once by the caller, for the image's other names.
    func details(of record: ImageRecord, among records: [ImageRecord]) throws(EngineError) -> ImageDetails {
        let all = records.filter { $0.configDigest == record.configDigest }
        let config = try images.config(of: record)
        let names = all.compactMap(\.reference).map(\.description)
        let digests = all.compactMap { entry -> String? in
            guard let reference = entry.reference, let manifest = entry.manifestDigest else { return nil }
            return "\(reference.registry)/\(reference.repository)@\(manifest)"
        }
        var size: Int64 = 0
        for chainID in LayerStore.chainIDs(config.rootfs.diffIDs) {
            if let metadata = try? layers.metadata(of: chainID) { size += metadata.size }
        }
        return ImageDetails(id: record.id, references: names, repoDigests: Array(Set(digests)).sorted(), os: config.os,
                            architecture: config.architecture, variant: config.variant, size: size,
                            created: config.created ?? record.createdAt)
    }

    /// Docker's rules: a name is untagged (the image goes when it was its last name); an id removes the image
    /// with all its names, which needs `force` when it has several. Then unreachable blobs and layers go.
    public func removeImage(_ reference: String, force: Bool) async throws(EngineError) {
        let resource = ResourceID(.image, reference)
        guard let found = try record(reference) else {
            throw EngineError(.notFound, "No such image: \(reference)", resource: resource)
        }
        let name = reference.hasPrefix("sha256:") ? nil : ImageReference(parsing: reference)
        let sameImage = try images.records().filter { $0.configDigest == found.configDigest && !$0.isDangling }
        let lastName = name == nil || sameImage.count <= 1
        if lastName, let user = try containers.records().first(where: { $0.imageID == found.id }) {
            // Docker: an image a container uses stays; forcing only takes its name away.
            guard force else {
                throw EngineError(.conflict, "conflict: unable to remove repository reference \"\(reference)\" (must force) - "
                                  + "container \(user.id.prefix(12)) is using its referenced image \(found.configDigest.shortHex)",
                                  resource: resource)
            }
            if let name, try images.record(for: name) != nil {
                _ = try images.untag(name, keepDangling: true)
            }
            return
        }
        if let name, try images.record(for: name) != nil {
            try images.untag(name)
        } else {
            if sameImage.count > 1 && !force {
                throw EngineError(.conflict, "conflict: unable to delete \(found.configDigest.shortHex) (must be forced) - "
                                  + "image is referenced in multiple repositories", resource: resource)
            }
            try images.remove(id: found.configDigest)
        }
        _ = try collectGarbage()
    }

    /// Removes blobs and unpacked layers no image needs any more; the layers under containers stay.
    public func collectGarbage() throws(EngineError) -> ImageGarbageCollector.Report {
        let keep = Set(try containers.records().flatMap(\.layerChain).compactMap { Digest(parsing: $0)?.hex })
        return try ImageGarbageCollector(images: images).collect(layers: layers.root, chainIDs: LayerStore.chainIDs, keep: keep)
    }

    /// The image ids containers were created from: prune keeps them.
    public func imagesInUse() throws(EngineError) -> Set<Digest> {
        Set(try containers.records().compactMap { Digest(parsing: $0.imageID) })
    }

    /// Unpacks every layer of an image that is not unpacked yet (after a pull, a load or a build), so a
    /// container can start from it without waiting.
    public func unpackLayers(of record: ImageRecord) throws(EngineError) {
        let config = try images.config(of: record)
        guard let manifest = try images.manifest(of: record) else { return }
        let diffIDs = config.rootfs.diffIDs
        guard manifest.layers.count == diffIDs.count else {
            throw EngineError(.invalidArgument, "image \(record.name): the manifest has \(manifest.layers.count) layers, "
                              + "the config \(diffIDs.count) diff ids")
        }
        var parent: Digest?
        for (layer, diffID) in zip(manifest.layers, diffIDs) {
            parent = try layers.unpack(blob: images.content.path(of: layer.digest), diffID: diffID, parent: parent)
        }
    }
}
