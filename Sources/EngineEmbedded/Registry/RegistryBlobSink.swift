import EngineAPI

/// Where a downloaded blob goes, chunk by chunk (never held whole). `offset` is what an earlier, interrupted
/// download already holds: the client asks for the rest with a Range request.
public protocol RegistryBlobSink: AnyObject {
    /// Bytes already written (by an earlier attempt or process).
    var offset: Int64 { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError)
    /// Drops everything written: the registry ignored the Range and sends the blob from its start.
    func restart() throws(EngineError)
}

/// A sink that keeps the bytes in memory: for manifests and configs only.
public final class MemoryBlobSink: RegistryBlobSink {
    public private(set) var bytes: [UInt8] = []
    let limit: Int

    public init(limit: Int = 16 << 20) { self.limit = limit }

    public var offset: Int64 { Int64(bytes.count) }

    public func write(_ chunk: UnsafeRawBufferPointer) throws(EngineError) {
        guard bytes.count + chunk.count <= limit else {
            throw EngineError(.invalidArgument, "blob larger than \(limit) bytes where a small document was expected")
        }
        bytes.append(contentsOf: chunk)
    }

    public func restart() throws(EngineError) { bytes.removeAll() }
}

/// What a blob download did.
public struct BlobFetchResult: Sendable, Hashable {
    /// Bytes received in this call.
    public var received: Int64
    /// Where this call started writing (non-zero when it resumed an earlier ingest).
    public var resumedFrom: Int64
    /// Whether the client saw every byte and checked the digest; false after a resume, where the sink's own
    /// commit (ContentIngest) must verify.
    public var verified: Bool
}
