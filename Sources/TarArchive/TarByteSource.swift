import Foundation

/// Where a `TarReader` pulls bytes from. A decompressor that reads a file and returns plain bytes fits
/// here, so a compressed layer is never held whole.
public protocol TarByteSource {
    /// Up to `maxLength` bytes; an empty array at the end of the stream.
    mutating func read(maxLength: Int) throws -> [UInt8]
}

/// Bytes already in memory.
public struct TarMemorySource: TarByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(maxLength: Int) throws -> [UInt8] {
        let end = min(bytes.count, offset + maxLength)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// An open file descriptor (a file, a pipe). The descriptor stays owned by the caller.
public struct TarFileDescriptorSource: TarByteSource {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    public mutating func read(maxLength: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxLength)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, maxLength) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR { throw TarError(.io, "read failed: \(String(cString: strerror(errno)))") }
        }
    }
}

/// A `FileHandle` (for example a `Pipe`'s reading end).
public struct TarFileHandleSource: TarByteSource {
    public let handle: FileHandle

    public init(_ handle: FileHandle) { self.handle = handle }

    public mutating func read(maxLength: Int) throws -> [UInt8] {
        do {
            return try handle.read(upToCount: maxLength).map { Array($0) } ?? []
        } catch {
            throw TarError(.io, "read failed: \(error)")
        }
    }
}
