import Foundation

/// A pull-style tar reader over a byte source: `next()` gives the next entry, `readChunk()` its data.
/// Data an entry's reader leaves unread is skipped by the following `next()`.
///
///     var reader = try TarReader(path: "layer.tar")
///     while let entry = try reader.next() {
///         while let chunk = try reader.readChunk() { … }
///     }
public struct TarReader {
    private var source: any TarByteSource
    private var parser = TarParser()
    /// Events parsed from the last chunk that have not been handed out yet.
    private var pending: [TarEvent] = []
    private var pendingIndex = 0
    private var inEntry = false
    private var sourceEnded = false
    private let chunkSize: Int
    private var closeDescriptor: Int32?

    public init(source: any TarByteSource, chunkSize: Int = 64 << 10) {
        self.source = source
        self.chunkSize = max(512, chunkSize)
    }

    public init(bytes: [UInt8]) {
        self.init(source: TarMemorySource(bytes))
    }

    /// Opens the file for reading; `close()` releases it.
    public init(path: String) throws(TarError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TarError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.init(source: TarFileDescriptorSource(descriptor: descriptor))
        closeDescriptor = descriptor
    }

    /// Closes the file opened by `init(path:)`.
    public mutating func close() {
        if let closeDescriptor { _ = Foundation.close(closeDescriptor) }
        closeDescriptor = nil
    }

    /// The next entry, or nil at the end of the archive. Errors are `TarError` or the source's.
    public mutating func next() throws -> TarEntry? {
        while let event = try nextEvent() {
            switch event {
            case .entry(let entry):
                inEntry = true
                return entry
            case .data, .entryEnd:
                inEntry = false
            }
        }
        return nil
    }

    /// The next piece of the current entry's data; nil once it is all read.
    public mutating func readChunk() throws -> ArraySlice<UInt8>? {
        guard inEntry else { return nil }
        while let event = try nextEvent() {
            switch event {
            case .data(let bytes):
                if !bytes.isEmpty { return bytes }
            case .entryEnd:
                inEntry = false
                return nil
            case .entry:
                // The parser always ends an entry before starting the next.
                throw TarError(.malformed, "entry data ended without its end marker")
            }
        }
        inEntry = false
        return nil
    }

    /// The rest of the current entry's data in one array (for small entries).
    public mutating func readAll() throws -> [UInt8] {
        var result: [UInt8] = []
        while let chunk = try readChunk() { result += chunk }
        return result
    }

    private mutating func nextEvent() throws -> TarEvent? {
        while pendingIndex >= pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if sourceEnded || parser.isFinished { return nil }
            let chunk = try source.read(maxLength: chunkSize)
            if chunk.isEmpty {
                sourceEnded = true
                try parser.finish()
                return nil
            }
            var collected: [TarEvent] = []
            try parser.feed(chunk) { collected.append($0) }
            pending = collected
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }
}
