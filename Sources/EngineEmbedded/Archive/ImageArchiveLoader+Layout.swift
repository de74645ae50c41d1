import EngineAPI
import Foundation

extension ImageArchiveLoader {
    static let containerdNameKey = "io.containerd.image.name"

    /// An OCI layout: the selected `index.json` entries (all without a selection), each resolved through
    /// indexes by platform and checked complete before it is recorded.
    func loadLayout(_ indexJSON: [UInt8], source: String, select: String?, tag: ImageReference?) throws(EngineError) -> [Loaded] {
        let index: OCIIndex
        do {
            index = try JSONDecoder().decode(OCIIndex.self, from: Data(indexJSON))
        } catch {
            throw EngineError(.invalidArgument, "load \(source): index.json is not an OCI index", cause: "\(error)")
        }
        var entries = index.manifests
        if let select {
            entries = entries.filter { $0.referenceName == select || $0.annotations?[Self.containerdNameKey] == select }
            guard !entries.isEmpty else {
                let names = index.manifests.compactMap(\.referenceName).sorted().joined(separator: ", ")
                throw EngineError(.notFound, "load \(source): no image named \(select) (it has: \(names.isEmpty ? "none" : names))")
            }
        }
        guard !entries.isEmpty else { throw EngineError(.invalidArgument, "load \(source): index.json lists no images") }
        var loaded = [Loaded]()
        for entry in entries {
            try checkComplete(entry.digest, source: source)
            let name = entries.count == 1 && tag != nil
                ? tag : Self.reference(entry.annotations?[Self.containerdNameKey] ?? entry.referenceName)
            let bytes = try images.content.data(of: entry.digest)
            let record = try images.add(manifest: bytes, reference: name, platform: platform)
            loaded.append(Loaded(reference: name, id: record.configDigest))
        }
        return loaded
    }

    /// Resolves `digest` (manifest or index) for the platform and checks its config and layers are stored.
    private func checkComplete(_ digest: Digest, source: String) throws(EngineError) {
        var current = digest
        for _ in 0..<4 {
            guard images.content.contains(current) else {
                throw EngineError(.invalidArgument, "load \(source): manifest \(current) is missing from the archive")
            }
            let sniff = try images.decode(ManifestSniff.self, current, what: "load \(source): manifest")
            if sniff.isIndex {
                let index = try images.decode(OCIIndex.self, current, what: "load \(source): index")
                guard let entry = index.manifest(for: platform) else {
                    throw EngineError(.notFound, "load \(source): index \(current) has no image for \(platform)")
                }
                current = entry.digest
                continue
            }
            let manifest = try images.decode(OCIManifest.self, current, what: "load \(source): manifest")
            for blob in [manifest.config] + manifest.layers where !images.content.contains(blob.digest) {
                throw EngineError(.invalidArgument, "load \(source): blob \(blob.digest) of manifest \(current) is missing from the archive")
            }
            return
        }
        throw EngineError(.invalidArgument, "load \(source): indexes nested too deeply at \(digest)")
    }
}
