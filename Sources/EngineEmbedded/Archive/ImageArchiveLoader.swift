import EngineAPI
import Foundation

/// Loads images from `docker save` archives (legacy and Docker ≥ 25), OCI image layouts (directories) and
/// oci-archives (tars of a layout) into the image store. Every blob is verified as it is stored; docker-save
/// images get a synthesised OCI manifest, so every record has one.
public struct ImageArchiveLoader: Sendable {
    /// One loaded image: the name it got (nil when untagged) and its id.
    public struct Loaded: Sendable, Hashable {
        public var reference: ImageReference?
        public var id: Digest

        public init(reference: ImageReference?, id: Digest) {
            self.reference = reference
            self.id = id
        }
    }

    public let images: ImageStore
    /// Which manifest of a multi-platform index to load.
    public var platform: OCIPlatform

    public init(images: ImageStore, platform: OCIPlatform = .host) {
        self.images = images
        self.platform = platform
    }

    /// Loads every image of the archive at `path` (a tar, plain or as written by docker/skopeo, or a layout
    /// directory). For an OCI layout, `select` picks the entry whose `org.opencontainers.image.ref.name`
    /// (or `io.containerd.image.name`) it is; without it, all entries are loaded. `tag` names the image
    /// when exactly one is loaded, instead of the names the archive gives.
    @discardableResult
    public func load(path: String, select: String? = nil, tag: ImageReference? = nil) throws(EngineError) -> [Loaded] {
        let lease = try images.lease()
        defer { lease.unlock() }
        let contents = try collect(path)
        if let manifest = contents.metadataFile("manifest.json") {
            return try loadDockerSave(manifest, contents: contents, source: path, tag: tag)
        }
        if let index = contents.metadataFile("index.json") {
            return try loadLayout(index, source: path, select: select, tag: tag)
        }
        throw EngineError(.invalidArgument, "load \(path): neither a docker-save archive (manifest.json) nor an OCI layout (index.json)")
    }

    /// Stores every file of the archive.
    func collect(_ path: String) throws(EngineError) -> ArchiveContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError(.notFound, "load \(path): no such file or directory")
        }
        var collector = ArchiveCollector(store: images.content, source: path)
        if isDirectory.boolValue {
            try ArchiveDirectoryWalker.walk(path, into: &collector)
        } else {
            try ArchiveTarWalker.walk(path, scratch: "\(images.root)/tmp", into: &collector)
        }
        return collector.contents
    }

    /// Parses a name an archive gives an image; nil when it is not a valid reference.
    static func reference(_ name: String?) -> ImageReference? {
        guard let name, !name.isEmpty else { return nil }
        return ImageReference(parsing: name)
    }
}
