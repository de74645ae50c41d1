import Foundation

/// A request body sent from a file as it is read (a build context), so a large context is never held in
/// memory. Each iteration reopens the file: a retried request sends it again from the start.
struct DockerUpload: Sendable {
    var contentType: String
    var path: String
    var length: Int64

    var bytes: DockerFileBytes { DockerFileBytes(path: path) }
}

struct DockerFileBytes: AsyncSequence, Sendable {
    typealias Element = UInt8
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let handle: FileHandle?
        var buffer: [UInt8] = []
        var index = 0

        mutating func next() async throws -> UInt8? {
            if index == buffer.count {
                guard let handle else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
                guard let data = try handle.read(upToCount: 1 << 18), !data.isEmpty else { return nil }
                buffer = [UInt8](data)
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, handle: FileHandle(forReadingAtPath: path))
    }
}
