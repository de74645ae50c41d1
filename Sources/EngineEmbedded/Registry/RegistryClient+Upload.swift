import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore

extension RegistryClient {
    /// Uploads the file at `path` as blob `digest` (monolithic: `POST …/blobs/uploads/` then one `PUT
    /// <location>&digest=`). With `mountFrom`, first asks the registry to mount the blob from that repository of
    /// the same registry, which needs no upload when it works. Returns whether the blob was mounted.
    @discardableResult
    public func uploadBlob(_ repository: RegistryRepository, digest: Digest, size: Int64, path: String,
                           mountFrom: RegistryRepository? = nil) async throws(EngineError) -> Bool {
        let what = "\(repository)"
        let object = "blob \(digest)"
        var attempt = 1
        while true {
            var start = "blobs/uploads/"
            if let mountFrom, mountFrom.registry == repository.registry, mountFrom.name != repository.name {
                start += "?mount=\(digest)&from=\(Self.queryEncode(mountFrom.name))"
            }
            let (postURL, endpoint) = url(repository, start)
            let scope = RegistryRequest.scope(repository, push: true)
            let post = try await perform(RegistryRequest(method: .POST, url: postURL, endpoint: endpoint, scope: scope),
                                         what: what, object: object)
            _ = try? await post.body.collect(upTo: 1 << 16)
            if post.status.code == 201 { return true }  // mounted
            guard let location = post.headers.first(name: "Location"), let uploadURL = Self.resolve(location, against: postURL) else {
                throw EngineError(.internalError, "\(what): \(object): the registry started an upload without a Location")
            }
            let putURL = uploadURL + (uploadURL.contains("?") ? "&" : "?") + "digest=" + Self.queryEncode(digest.description)
            var put = RegistryRequest(method: .PUT, url: putURL, endpoint: endpoint, scope: scope,
                                      headers: [("Content-Type", "application/octet-stream"), ("Content-Length", "\(size)")],
                                      body: { .stream(RegistryFileChunks(path: path), length: .known(size)) })
            put.timeout = Self.blobTimeout
            do {
                let response = try await perform(put, what: what, object: object)
                _ = try? await response.body.collect(upTo: 1 << 16)
                return false
            } catch let error where error.isTransient && attempt < retry.maxAttempts {
                // An upload session cannot be resumed reliably: start a new one.
                try await backoff(attempt, what: what, object: object)
                attempt += 1
            }
        }
    }
}

/// A file's bytes as 1 MiB ByteBuffers, for an upload body (fresh file descriptor per iteration).
struct RegistryFileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    func makeAsyncIterator() -> Iterator { Iterator(path: path) }

    final class Iterator: AsyncIteratorProtocol {
        private var handle: FileHandle?
        private let path: String
        private var opened = false

        init(path: String) { self.path = path }

        func next() async throws -> ByteBuffer? {
            if !opened {
                opened = true
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw EngineError(.notFound, "cannot open \(path) for upload")
                }
                self.handle = handle
            }
            guard let handle else { return nil }
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            if data.isEmpty {
                try? handle.close()
                self.handle = nil
                return nil
            }
            return ByteBuffer(bytes: data)
        }

        deinit { try? handle?.close() }
    }
}
