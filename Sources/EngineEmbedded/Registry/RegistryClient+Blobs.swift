import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore

extension RegistryClient {
    /// Streams blob `digest` into `sink`, resuming from `sink.offset` with a Range request (206 appends; 200 makes
    /// the sink restart), retrying connection errors mid-stream from where it got to. Checks the size when known
    /// and the digest whenever this call saw the whole blob.
    @discardableResult
    public func fetchBlob(_ repository: RegistryRepository, digest: Digest, size: Int64?, into sink: some RegistryBlobSink,
                          progress: (Int64) -> Void = { _ in }) async throws(EngineError) -> BlobFetchResult {
        let (url, endpoint) = url(repository, "blobs/\(digest)")
        let what = "\(repository)"
        let object = "blob \(digest)"
        let startOffset = sink.offset
        var hasher: DigestHasher? = startOffset == 0 ? DigestHasher() : nil
        var received: Int64 = 0
        var attempt = 1
        if let size, startOffset > size { try sink.restart() }
        while true {
            let offset = sink.offset
            if let size, offset == size, offset > 0 { break }
            var headers = [(String, String)]()
            if offset > 0 { headers.append(("Range", "bytes=\(offset)-")) }
            var request = RegistryRequest(method: .GET, url: url, endpoint: endpoint,
                                          scope: RegistryRequest.scope(repository, push: false), headers: headers, accepted: [416])
            request.timeout = Self.blobTimeout
            let response = try await perform(request, what: what, object: object)
            let status = response.status.code
            if status == 416 {
                // Our partial ingest is not a prefix the registry recognises: start over.
                _ = try? await response.body.collect(upTo: 1 << 16)
                guard offset > 0 else {
                    throw EngineError(.invalidArgument, "\(what): \(object): the registry refused the download (HTTP 416)")
                }
                try sink.restart()
                hasher = DigestHasher()
                continue
            }
            if status == 206 {
                let start = response.headers.first(name: "Content-Range").flatMap(Self.rangeStart)
                guard start == offset else {
                    _ = try? await response.body.collect(upTo: 1 << 16)
                    try sink.restart()
                    hasher = DigestHasher()
                    continue
                }
            } else if offset > 0 {
                try sink.restart()
                hasher = DigestHasher()
            }
            do {
                for try await buffer in response.body {
                    try buffer.withUnsafeReadableBytes { (chunk) throws(EngineError) in
                        try sink.write(chunk)
                        hasher?.update(chunk)
                    }
                    received += Int64(buffer.readableBytes)
                    progress(sink.offset)
                    if let size, sink.offset > size {
                        throw EngineError(.invalidArgument, "\(what): \(object): larger than its descriptor's \(size) bytes")
                    }
                }
            } catch let error as EngineError {
                throw error
            } catch {
                try checkCancellation(what: what, object: object)
                if attempt < retry.maxAttempts, Self.isRetryable(error) {
                    try await backoff(attempt, what: what, object: object)
                    attempt += 1
                    continue
                }
                throw EngineError(.unavailable, "\(what): \(object): download failed at byte \(sink.offset)", cause: "\(error)")
            }
            break
        }
        if let size, sink.offset != size {
            throw EngineError(.invalidArgument, "\(what): \(object): got \(sink.offset) bytes, its descriptor says \(size)")
        }
        if let hasher, digest.algorithm == "sha256" {
            let computed = hasher.finalize()
            guard computed == digest else {
                throw EngineError(.invalidArgument, "\(what): \(object): digest mismatch: got \(computed)")
            }
            return BlobFetchResult(received: received, resumedFrom: startOffset, verified: true)
        }
        return BlobFetchResult(received: received, resumedFrom: startOffset, verified: false)
    }

    /// A small blob (a config) held in memory and verified.
    public func blobBytes(_ repository: RegistryRepository, digest: Digest, size: Int64?, limit: Int = 16 << 20)
        async throws(EngineError) -> [UInt8] {
        let sink = MemoryBlobSink(limit: limit)
        let result = try await fetchBlob(repository, digest: digest, size: size, into: sink)
        guard result.verified else {
            throw EngineError(.unsupported, "\(repository): blob \(digest): digest algorithm \(digest.algorithm) is not supported")
        }
        return sink.bytes
    }

    /// `HEAD /v2/<name>/blobs/<digest>`: whether the registry has it.
    public func blobExists(_ repository: RegistryRepository, digest: Digest, push: Bool = false) async throws(EngineError) -> Bool {
        let (url, endpoint) = url(repository, "blobs/\(digest)")
        let request = RegistryRequest(method: .HEAD, url: url, endpoint: endpoint,
                                      scope: RegistryRequest.scope(repository, push: push), accepted: [404])
        let response = try await perform(request, what: "\(repository)", object: "blob \(digest)")
        return response.status.code != 404
    }

    /// `bytes <start>-<end>/<total>` → start.
    static func rangeStart(_ header: String) -> Int64? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let range = trimmed.dropFirst(6)
        guard let dash = range.firstIndex(of: "-") else { return nil }
        return Int64(range[..<dash].trimmingCharacters(in: .whitespaces))
    }
}
