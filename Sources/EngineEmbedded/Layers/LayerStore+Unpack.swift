import EngineAPI
import Foundation
import TarArchive

extension LayerStore {
    /// Unpacks a (gzip/zstd/plain, detected by magic) layer blob on top of `parent` (a chainID, nil for a
    /// base layer). The uncompressed stream is hashed while extracting and must equal `diffID`. Traversal
    /// (absolute paths, `..`, writes through symlinks, hardlinks leaving the layer) is refused. Nothing is
    /// published on failure. Returns the chainID; a no-op when that layer is already present.
    @discardableResult
    public func unpack(blob path: String, diffID: Digest, parent: Digest?) throws(EngineError) -> Digest {
        let chainID = Self.chainID(parent: parent, diffID: diffID)
        if contains(chainID) { return chainID }
        let name = "layer \(diffID)"
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw EngineError(.internalError, "\(name): cannot create \(root): \(error)")
        }
        let temporary = root + "/tmp-" + UUID().uuidString
        guard mkdir(temporary, 0o700) == 0, mkdir(temporary + "/fs", 0o755) == 0, chmod(temporary + "/fs", 0o755) == 0 else {
            throw EngineError(.internalError, "\(name): cannot create \(temporary): \(LayerDirectory.errorText(errno))")
        }
        var published = false
        defer { if !published { Self.removeTree(temporary) } }

        let (size, notes) = try extract(blob: path, diffID: diffID, parent: parent, into: temporary + "/fs", name: name)
        try Self.writeFile(temporary + "/diffid", diffID.description + "\n")
        try Self.writeFile(temporary + "/size", "\(size)\n")
        if let parent { try Self.writeFile(temporary + "/parent", parent.description + "\n") }
        if !notes.isEmpty { try Self.writeFile(temporary + "/notes", notes.joined(separator: "\n") + "\n") }

        if rename(temporary, layerPath(chainID)) != 0 {
            // Another process published the same layer first: theirs is as good as ours.
            guard (errno == ENOTEMPTY || errno == EEXIST), contains(chainID) else {
                throw EngineError(.internalError, "\(name): cannot publish: \(LayerDirectory.errorText(errno))")
            }
            return chainID
        }
        published = true
        return chainID
    }

    /// Extracts and verifies; returns the uncompressed size and the extractor's notes.
    private func extract(blob path: String, diffID: Digest, parent: Digest?, into directory: String, name: String) throws(EngineError) -> (Int64, [String]) {
        let extractor = try LayerExtractor(layer: diffID.description, root: directory, lowers: lowerDirectories(parent))
        defer { extractor.close() }
        var hasher = DigestHasher()
        var size: Int64 = 0
        var parser = TarParser()
        do {
            try LayerBlobReader.read(path: path, layer: diffID.description) { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
                try parser.feed(chunk) { event in try extractor.handle(event) }
            }
            try parser.finish()
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.invalidArgument, "\(name): \(error)")
        }
        let actual = hasher.finalize()
        guard actual == diffID else {
            throw EngineError(.invalidArgument, "\(name): uncompressed content has digest \(actual), not the expected diffID")
        }
        try extractor.finish()
        return (size, extractor.notes)
    }

    /// The fs dirs of `parent` and its ancestors, top first (those present).
    func lowerDirectories(_ parent: Digest?) -> [String] {
        var result: [String] = []
        var next = parent
        while let chainID = next, contains(chainID), result.count < 1000 {
            result.append(directory(of: chainID))
            next = try? metadata(of: chainID).parent
        }
        return result
    }
}
