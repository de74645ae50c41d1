import EngineAPI

// TEMPORARY: the store and layers helpers' types as HELPERS5.md specifies them, so this branch compiles
// before their branches are merged. Deleted when main has the real ones.

public struct ContentStore: Sendable {
    public init(root: String) {}
    public func contains(_ digest: Digest) -> Bool { false }
    public func path(of digest: Digest) -> String { "" }
    public func size(of digest: Digest) -> Int64? { nil }
    public func data(of digest: Digest) throws(EngineError) -> [UInt8] { throw stub() }
    @discardableResult
    public func put(_ bytes: [UInt8], expected: Digest? = nil) throws(EngineError) -> Digest { throw stub() }
    public func ingest(expected: Digest, size: Int64?) throws(EngineError) -> ContentIngest { throw stub() }
}

public final class ContentIngest {
    public var offset: Int64 { 0 }
    public func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) { throw stub() }
    public func write(_ bytes: [UInt8]) throws(EngineError) { throw stub() }
    @discardableResult public func commit() throws(EngineError) -> String { throw stub() }
    public func discard() {}
}

public struct ImageRecord: Sendable, Hashable, Codable {
    public var name: String
    public var manifestDigest: Digest?
    public var manifestMediaType: String?
    public var configDigest: Digest
    public var createdAt: String
}

public struct ImageStore: Sendable {
    public init(root: String) {}
    public var content: ContentStore { ContentStore(root: "") }
    public func record(for reference: ImageReference) throws(EngineError) -> ImageRecord? { throw stub() }
    public func tag(_ reference: ImageReference, _ record: ImageRecord) throws(EngineError) { throw stub() }
    public func config(of record: ImageRecord) throws(EngineError) -> OCIImageConfig { throw stub() }
    public func manifest(of record: ImageRecord) throws(EngineError) -> OCIManifest? { throw stub() }
}

public struct LayerStore: Sendable {
    public init(root: String) {}
    public static func chainIDs(_ diffIDs: [Digest]) -> [Digest] { [] }
    public func contains(_ chainID: Digest) -> Bool { false }
    public func directory(of chainID: Digest) -> String { "" }
    public func unpack(blob path: String, diffID: Digest, parent: Digest?) throws(EngineError) -> Digest { throw stub() }
    public func diff(upper: String, to output: String) throws(EngineError) -> (diffID: Digest, digest: Digest, size: Int64) {
        throw stub()
    }
}

private func stub() -> EngineError { EngineError(.unsupported, "store not merged yet") }
