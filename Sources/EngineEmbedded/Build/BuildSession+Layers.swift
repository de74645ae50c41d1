import EngineAPI
import Foundation
import Glibc

extension BuildSession {
    /// A step that changes the filesystem: a cache hit reuses its layer; otherwise the parent chain is
    /// mounted with a fresh upper, `perform` runs, and the upper becomes the step's layer.
    func layerStep(key: String, createdBy: String, number: Int, allowEmpty: Bool, state: inout BuildStageState,
                   layers: inout [BuildCache.Layer],
                   perform: (OverlayMount) async throws(EngineError) -> Void) async throws(EngineError) {
        if !noCache, let record = cache.record(key), record.layer.map({ content.contains($0.digest) }) ?? record.emptyLayer {
            append(record, createdBy: createdBy, state: &state, layers: &layers)
            output("#\(number) CACHED")
            return
        }
        let chain = try ensureUnpacked(layers)
        let directory = "\(builder.buildDirectory)/\(buildID)-\(number)"
        let overlay = try OverlayMount.mount(lowers: chain.reversed().map(layerStore.directory(of:)), in: directory)
        defer { overlay.remove() }
        try await perform(overlay)
        try overlay.unmount()
        try removeMountpointStubs(overlay)
        let record: BuildCache.Record
        if allowEmpty, BuildSources.entries(overlay.upper).isEmpty {
            record = BuildCache.Record(created: ImageBuilder.now(), layer: nil, emptyLayer: true)
        } else {
            let blob = directory + "/layer.tar.gz"
            let made = try layerStore.diff(upper: overlay.upper, to: blob)
            try ingest(blob, digest: made.digest, size: made.size)
            _ = try layerStore.unpack(blob: content.path(of: made.digest), diffID: made.diffID, parent: chain.last)
            let layer = BuildCache.Layer(diffID: made.diffID, digest: made.digest, size: made.size, mediaType: OCIMediaType.ociLayerGzip)
            record = BuildCache.Record(created: ImageBuilder.now(), layer: layer, emptyLayer: false)
        }
        try cache.store(record, for: key)
        append(record, createdBy: createdBy, state: &state, layers: &layers)
        output("#\(number) DONE")
    }

    func append(_ record: BuildCache.Record, createdBy: String, state: inout BuildStageState, layers: inout [BuildCache.Layer]) {
        if let layer = record.layer {
            layers.append(layer)
            state.image.history?.append(.init(created: record.created, createdBy: createdBy))
        } else {
            state.image.history?.append(.init(created: record.created, createdBy: createdBy, emptyLayer: true))
        }
    }

    /// runc leaves the mountpoints it had to create (`/proc`, `/etc/hosts`, …) in the upper directory: they
    /// are not the step's changes. Only empty ones that the step directory recorded as missing before go.
    func removeMountpointStubs(_ overlay: OverlayMount) throws(EngineError) {
        let marker = overlay.directory + "/stubs"
        guard let data = FileManager.default.contents(atPath: marker) else { return }
        let missing = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        for stub in BuildRuntimeSpec.mountpointStubs where missing.contains(stub) {
            let path = overlay.upper + "/" + stub
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR where BuildSources.entries(path).isEmpty: _ = rmdir(path)
            case S_IFREG where info.st_size == 0: _ = unlink(path)
            default: break
            }
        }
        // An /etc copied up only to hold the stubs: empty, not opaque, same mode and owner as before.
        if let before = missing.first(where: { $0.hasPrefix("=etc ") }) {
            let path = overlay.upper + "/etc"
            var info = stat()
            let opaque = Self.hasAttribute(path, "trusted.overlay.opaque")
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, !opaque, BuildSources.entries(path).isEmpty,
               before == "=etc \(info.st_mode) \(info.st_uid) \(info.st_gid)" {
                _ = rmdir(path)
            }
        }
    }

    /// Makes sure every layer of the chain is unpacked; returns the chain ids, bottom first.
    func ensureUnpacked(_ layers: [BuildCache.Layer]) throws(EngineError) -> [Digest] {
        let chain = LayerStore.chainIDs(layers.map(\.diffID))
        for (index, chainID) in chain.enumerated() where !layerStore.contains(chainID) {
            let layer = layers[index]
            guard content.contains(layer.digest) else {
                throw EngineError(.notFound, "build: layer \(layer.digest) is not in the content store")
            }
            _ = try layerStore.unpack(blob: content.path(of: layer.digest), diffID: layer.diffID,
                                      parent: index > 0 ? chain[index - 1] : nil)
        }
        return chain
    }

    /// Streams a finished layer blob into the content store.
    func ingest(_ path: String, digest: Digest, size: Int64) throws(EngineError) {
        if content.contains(digest) { return }
        let ingest = try content.ingest(expected: digest, size: size)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            ingest.discard()
            throw EngineError(.internalError, "build: open \(path)")
        }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(ingest.offset))
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try ingest.write(Array(chunk))
            }
        } catch let error as EngineError {
            ingest.discard()
            throw error
        } catch {
            ingest.discard()
            throw EngineError(.internalError, "build: read \(path)", cause: "\(error)")
        }
        try ingest.commit()
    }

    /// An image from the store, pulled first when missing (or always, with `pull`).
    func resolveImage(_ reference: ImageReference, location: DockerfileLocation) async throws(EngineError)
        -> (OCIImageConfig, [BuildCache.Layer], Digest) {
        var record = pullAlways ? nil : try images.record(for: reference)
        if record == nil {
            output("pulling \(reference)")
            do {
                try await pull(reference)
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(.unavailable, "\(location.fileName):\(location.line): pull \(reference)", cause: "\(error)")
            }
            record = try images.record(for: reference)
        }
        guard let record else {
            throw location.error("image \(reference) is not in the store and could not be pulled", .notFound)
        }
        let image = try images.config(of: record)
        guard let manifest = try images.manifest(of: record) else {
            throw location.error("image \(reference) has no manifest in the content store", .notFound)
        }
        guard manifest.layers.count == image.rootfs.diffIDs.count else {
            throw location.error("image \(reference): the manifest has \(manifest.layers.count) layers, the config \(image.rootfs.diffIDs.count)")
        }
        let layers = zip(image.rootfs.diffIDs, manifest.layers).map { diffID, descriptor in
            BuildCache.Layer(diffID: diffID, digest: descriptor.digest, size: descriptor.size, mediaType: Self.ociType(descriptor.mediaType))
        }
        return (image, layers, record.configDigest)
    }

    /// Docker's layer media types name the same bytes as OCI's; the built manifest is OCI.
    static func ociType(_ type: String) -> String {
        switch type {
        case OCIMediaType.dockerLayerGzip: OCIMediaType.ociLayerGzip
        case "application/vnd.docker.image.rootfs.diff.tar": OCIMediaType.ociLayer
        default: type
        }
    }

    /// `lgetxattr` is not in the Glibc module: looked up in libc at run time.
    static func hasAttribute(_ path: String, _ name: String) -> Bool {
        typealias Function = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "lgetxattr") else { return false }
        let function = unsafeBitCast(symbol, to: Function.self)
        return function(path, name, nil, 0) >= 0
    }
}
