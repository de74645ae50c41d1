import EngineAPI
import Foundation

/// The on-disk form of `images.json`.
struct ImageTable: Codable {
    var version = 1
    var references: [String: ImageRecord] = [:]
    var dangling: [ImageRecord] = []

    static func read(_ path: String) throws(EngineError) -> ImageTable {
        guard FileSystem.exists(path) else { return ImageTable() }
        let bytes = try FileSystem.readAll(path)
        do {
            return try JSONDecoder().decode(ImageTable.self, from: Data(bytes))
        } catch {
            throw EngineError(.internalError, "image table \(path): unreadable", cause: "\(error)")
        }
    }

    func write(_ path: String) throws(EngineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw EngineError(.internalError, "image table \(path): cannot encode", cause: "\(error)")
        }
        try AtomicFile.write(Array(data), to: path)
    }

    /// Keeps `record`'s image as dangling when no name refers to it any more.
    mutating func keepIfUnnamed(_ record: ImageRecord) {
        guard !references.values.contains(where: { $0.configDigest == record.configDigest }),
              !dangling.contains(where: { $0.configDigest == record.configDigest }) else { return }
        var unnamed = record
        unnamed.name = ImageRecord.noName
        dangling.append(unnamed)
    }
}
