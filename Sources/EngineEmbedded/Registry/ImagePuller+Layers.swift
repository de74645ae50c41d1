import EngineAPI
import Foundation

extension ImagePuller {
    /// Downloads the layers not yet stored, at most `maxConcurrentDownloads` at a time.
    func fetchLayers(_ layers: [OCIDescriptor], repository: RegistryRepository,
                     progress: @escaping @Sendable (PullProgress) -> Void) async throws(EngineError) {
        var seen = Set<Digest>()
        var pending = [OCIDescriptor]()
        for layer in layers where seen.insert(layer.digest).inserted {
            if store.content.contains(layer.digest) {
                progress(PullProgress(id: layer.digest.shortHex, status: .alreadyExists))
            } else {
                progress(PullProgress(id: layer.digest.shortHex, status: .pullingFsLayer))
                pending.append(layer)
            }
        }
        try await BoundedConcurrency.forEach(pending, limit: maxConcurrentDownloads) { (layer) throws(EngineError) in
            try await fetchLayer(layer, repository: repository, progress: progress)
        }
    }

    /// One layer into the content store, continuing an interrupted ingest when there is one.
    func fetchLayer(_ layer: OCIDescriptor, repository: RegistryRepository,
                    progress: @escaping @Sendable (PullProgress) -> Void) async throws(EngineError) {
        let id = layer.digest.shortHex
        let sink = try RegistryIngestSink(content: store.content, digest: layer.digest, size: layer.size)
        do {
            var last = Int64(-1)
            try await client.fetchBlob(repository, digest: layer.digest, size: layer.size, into: sink) { done in
                // Roughly every 512 KiB, and at the end, like docker's progress bars.
                if done - last >= 512 * 1024 || done == layer.size {
                    last = done
                    progress(PullProgress(id: id, status: .downloading, current: done, total: layer.size))
                }
            }
            progress(PullProgress(id: id, status: .downloadComplete, current: layer.size, total: layer.size))
            try sink.ingest.commit()
            progress(PullProgress(id: id, status: .pullComplete, current: layer.size, total: layer.size))
        } catch {
            // Keep the partial data for the next attempt unless it is known to be wrong.
            if error.code == .invalidArgument { sink.ingest.discard() }
            throw error
        }
    }
}

/// Adapts a content-store ingest to the client's sink; a restart drops the partial data and opens a new ingest.
final class RegistryIngestSink: RegistryBlobSink {
    private let content: ContentStore
    private let digest: Digest
    private let size: Int64
    private(set) var ingest: ContentIngest

    init(content: ContentStore, digest: Digest, size: Int64) throws(EngineError) {
        self.content = content
        self.digest = digest
        self.size = size
        ingest = try content.ingest(expected: digest, size: size)
    }

    var offset: Int64 { ingest.offset }

    func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) { try ingest.write(bytes) }

    func restart() throws(EngineError) {
        ingest.discard()
        ingest = try content.ingest(expected: digest, size: size)
    }
}
