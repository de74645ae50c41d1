import Foundation
import NIOCore

/// A request body sent from a file as it is read (a build context), so a large context is never held in
/// memory. Each iteration reopens the file: a retried request sends it again from the start.
struct DockerUpload: Sendable {
    var contentType: String
    var path: String
    var length: Int64

    var bytes: DockerFileBytes { DockerFileBytes(path: path) }
}

/// The file in 256 KiB chunks (a byte-by-byte sequence costs seconds of CPU per megabyte in debug builds).
struct DockerFileBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            guard let handle else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
            guard let data = try handle.read(upToCount: 1 << 18), !data.isEmpty else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, handle: FileHandle(forReadingAtPath: path))
    }
}
