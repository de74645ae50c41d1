import EngineAPI
import Foundation

/// An entry of a docker-save `manifest.json`.
struct DockerSaveEntry: Codable {
    var config: String
    var repoTags: [String]?
    var layers: [String]

    enum CodingKeys: String, CodingKey {
        case config = "Config", repoTags = "RepoTags", layers = "Layers"
    }
}

extension ImageArchiveLoader {
    /// Each manifest.json entry: the config and layer files are already stored. Docker ≥ 25 archives also
    /// carry the image's OCI manifest; when one names this config it is kept, otherwise one is synthesised
    /// over the layer blobs (plain tars whose digests must be the config's diff ids).
    func loadDockerSave(_ manifestJSON: [UInt8], contents: ArchiveContents, source: String,
                        tag: ImageReference?) throws(EngineError) -> [Loaded] {
        let entries: [DockerSaveEntry]
        do {
            entries = try JSONDecoder().decode([DockerSaveEntry].self, from: Data(manifestJSON))
        } catch {
            throw EngineError(.invalidArgument, "load \(source): manifest.json is not a docker-save manifest", cause: "\(error)")
        }
        let known = try layoutManifests(contents)
        var loaded = [Loaded]()
        for entry in entries {
            guard let config = contents.file(entry.config) else {
                throw EngineError(.invalidArgument, "load \(source): config \(entry.config) is missing from the archive")
            }
            let names: [ImageReference]
            if let tag, entries.count == 1 {
                names = [tag]
            } else {
                names = (entry.repoTags ?? []).compactMap { Self.reference($0) }
            }
            let record: ImageRecord
            if let manifest = known[config.digest] {
                record = try images.add(manifest: images.content.data(of: manifest), reference: names.first, platform: platform)
            } else {
                let layers = try layerDescriptors(entry, config: config.digest, contents: contents, source: source)
                record = try images.add(configBytes: images.content.data(of: config.digest), layers: layers, reference: names.first)
            }
            for name in names.dropFirst() { try images.tag(name, record) }
            if names.isEmpty { loaded.append(Loaded(reference: nil, id: record.configDigest)) }
            loaded += names.map { Loaded(reference: $0, id: record.configDigest) }
        }
        return loaded
    }

    /// The layer blobs of a docker-save entry, checked against the config's diff ids.
    private func layerDescriptors(_ entry: DockerSaveEntry, config: Digest, contents: ArchiveContents,
                                  source: String) throws(EngineError) -> [OCIDescriptor] {
        let diffIDs = try images.decode(OCIImageConfig.self, config, what: "load \(source): config").rootfs.diffIDs
        guard diffIDs.count == entry.layers.count else {
            throw EngineError(.invalidArgument,
                              "load \(source): config \(config) lists \(diffIDs.count) layers but the archive has \(entry.layers.count)")
        }
        var descriptors = [OCIDescriptor]()
        for (path, diffID) in zip(entry.layers, diffIDs) {
            guard let layer = contents.file(path) else {
                throw EngineError(.invalidArgument, "load \(source): layer \(path) is missing from the archive")
            }
            let mediaType = try Self.layerMediaType(images.content.path(of: layer.digest))
            if mediaType == OCIMediaType.ociLayer, layer.digest != diffID {
                throw EngineError(.invalidArgument,
                                  "load \(source): layer \(path) is \(layer.digest) but the config's diff id is \(diffID)")
            }
            descriptors.append(OCIDescriptor(mediaType: mediaType, digest: layer.digest, size: layer.size))
        }
        return descriptors
    }

    /// docker-save layers are plain tars whatever their name; the magic bytes tell compressed ones.
    static func layerMediaType(_ path: String) throws(EngineError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error("open", path) }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        if count >= 2, magic[0] == 0x1f, magic[1] == 0x8b { return OCIMediaType.ociLayerGzip }
        if count == 4, magic == [0x28, 0xb5, 0x2f, 0xfd] { return OCIMediaType.ociLayerZstd }
        return OCIMediaType.ociLayer
    }

    /// Config digest → manifest digest for every manifest an OCI layout in the archive reaches.
    private func layoutManifests(_ contents: ArchiveContents) throws(EngineError) -> [Digest: Digest] {
        guard let bytes = contents.metadataFile("index.json"),
              let index = try? JSONDecoder().decode(OCIIndex.self, from: Data(bytes)) else { return [:] }
        var found = [Digest: Digest]()
        var pending = index.manifests
        var visited = Set<Digest>()
        while let descriptor = pending.popLast() {
            guard visited.insert(descriptor.digest).inserted, visited.count < 1000,
                  images.content.contains(descriptor.digest) else { continue }
            let sniff = try images.decode(ManifestSniff.self, descriptor.digest, what: "load: manifest")
            if sniff.isIndex {
                pending += sniff.manifests ?? []
            } else if let config = sniff.config?.digest, found[config] == nil {
                found[config] = descriptor.digest
            }
        }
        return found
    }
}
