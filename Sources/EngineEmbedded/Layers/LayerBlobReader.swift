import CompressNIO
import EngineAPI
import Foundation
import NIOCore

/// Streams a layer blob's uncompressed bytes to a closure: gzip through CompressNIO, zstd through a
/// `zstd -dc` child process, anything else as a plain tar. Compression is detected by magic bytes, since
/// media types lie (`docker save` tars are plain whatever their name says).
enum LayerBlobReader {
    enum Compression: Equatable {
        case plain, gzip, zstd
    }

    static let chunkSize = 256 << 10

    static func compression(of prefix: [UInt8]) -> Compression {
        if prefix.starts(with: [0x1f, 0x8b]) { return .gzip }
        if prefix.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return .zstd }
        return .plain
    }

    /// Calls `body` with consecutive pieces of the uncompressed stream. Errors are `EngineError` or `body`'s.
    static func read(path: String, layer: String, _ body: ([UInt8]) throws -> Void) throws {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else {
            throw EngineError(.notFound, "layer \(layer): cannot open blob \(path): \(LayerDirectory.errorText(errno))")
        }
        defer { close(file) }
        let first = try readChunk(file, path: path, layer: layer)
        switch compression(of: first) {
        case .plain:
            var chunk = first
            while !chunk.isEmpty {
                try body(chunk)
                chunk = try readChunk(file, path: path, layer: layer)
            }
        case .gzip:
            try gunzip(first: first, file: file, path: path, layer: layer, body)
        case .zstd:
            try LayerZstd.decompress(path: path, layer: layer, body)
        }
    }

    static func readChunk(_ file: Int32, path: String, layer: String) throws(EngineError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(file, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR {
                throw EngineError(.internalError, "layer \(layer): cannot read blob \(path): \(LayerDirectory.errorText(errno))")
            }
        }
    }

    private static func gunzip(first: [UInt8], file: Int32, path: String, layer: String, _ body: ([UInt8]) throws -> Void) throws {
        func corrupt(_ detail: String) -> EngineError {
            EngineError(.invalidArgument, "layer \(layer): blob \(path) is not valid gzip: \(detail)")
        }
        let decompressor: ZlibDecompressor
        do { decompressor = try ZlibDecompressor(algorithm: .gzip) } catch { throw corrupt("\(error)") }
        let allocator = ByteBufferAllocator()
        var input = allocator.buffer(capacity: chunkSize)
        var output = allocator.buffer(capacity: chunkSize)
        var chunk = first
        while !chunk.isEmpty {
            input.clear()
            input.writeBytes(chunk)
            while input.readableBytes > 0 {
                output.clear()
                var needsInput = false
                do {
                    try decompressor.inflate(from: &input, to: &output)
                    if input.readableBytes > 0 {
                        // One gzip member ended and more bytes follow: only another member may (multi-member gzip).
                        guard input.readableBytesView.starts(with: [0x1f, 0x8b]) || input.readableBytes < 2 else {
                            throw corrupt("data after the end of the stream")
                        }
                        try decompressor.reset()
                    }
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    // The output buffer is full; more follows from the same input.
                } catch let error as CompressNIOError where error == .inputBufferOverflow {
                    needsInput = true
                } catch let error as EngineError {
                    throw error
                } catch {
                    throw corrupt("\(error)")
                }
                if output.readableBytes > 0 { try body(Array(output.readableBytesView)) }
                if needsInput { break }
            }
            chunk = try readChunk(file, path: path, layer: layer)
        }
    }
}
