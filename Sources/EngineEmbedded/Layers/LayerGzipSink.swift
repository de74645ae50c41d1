import CompressNIO
import EngineAPI
import Foundation
import NIOCore

/// Receives a tar stream, hashes it (the diffID), gzips it with CompressNIO (zlib writes a header with
/// mtime 0, so equal input gives equal output) and writes the result to a file while hashing that too.
final class LayerGzipSink {
    private let file: Int32
    private let path: String
    private let compressor: ZlibCompressor
    private var input: ByteBuffer
    private var output: ByteBuffer
    private var uncompressed = DigestHasher()
    private var compressed = DigestHasher()
    private(set) var compressedSize: Int64 = 0

    init(path: String) throws(EngineError) {
        self.path = path
        do {
            compressor = try ZlibCompressor(algorithm: .gzip)
        } catch {
            throw EngineError(.internalError, "layer diff: cannot start gzip: \(error)")
        }
        let allocator = ByteBufferAllocator()
        input = allocator.buffer(capacity: 256 << 10)
        output = allocator.buffer(capacity: 256 << 10)
        file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw EngineError(.internalError, "layer diff: cannot create \(path): \(LayerDirectory.errorText(errno))") }
    }

    deinit { close(file) }

    func write(_ bytes: [UInt8]) throws {
        uncompressed.update(bytes)
        input.clear()
        input.writeBytes(bytes)
        while input.readableBytes > 0 {
            output.clear()
            do {
                try compressor.deflate(from: &input, to: &output, flush: .no)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // Output full: written below, then the rest of the input.
            }
            try flushOutput()
        }
    }

    /// Ends the gzip stream and flushes the file; returns (diffID, compressed digest).
    func finish() throws -> (diffID: Digest, digest: Digest) {
        input.clear()
        while true {
            output.clear()
            do {
                try compressor.deflate(from: &input, to: &output, flush: .finish)
                try flushOutput()
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try flushOutput()
            }
        }
        guard fsync(file) == 0 else { throw EngineError(.internalError, "layer diff: cannot flush \(path): \(LayerDirectory.errorText(errno))") }
        return (uncompressed.finalize(), compressed.finalize())
    }

    private func flushOutput() throws(EngineError) {
        guard output.readableBytes > 0 else { return }
        let code: Int32? = output.withUnsafeReadableBytes { buffer in
            compressed.update(buffer)
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(file, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code { throw EngineError(.internalError, "layer diff: cannot write \(path): \(LayerDirectory.errorText(code))") }
        compressedSize += Int64(output.readableBytes)
    }
}
