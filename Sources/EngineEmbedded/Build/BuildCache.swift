import EngineAPI
import Foundation

/// The build cache: one small JSON record per step under `<state>/build-cache/<key hex>.json`. The key
/// chains the parent's key, the substituted instruction and its inputs (content hash of COPY sources, ARG
/// values), so a change busts the cache from that step on. A record keeps the step's creation time (an
/// unchanged rebuild then gives the same image id) and the layer it made.
struct BuildCache {
    struct Layer: Sendable, Hashable, Codable {
        var diffID: Digest
        var digest: Digest
        var size: Int64
        var mediaType: String
    }

    struct Record: Sendable, Hashable, Codable {
        var created: String
        var layer: Layer?
        var emptyLayer: Bool
    }

    let directory: String

    init(stateDirectory: String) {
        directory = stateDirectory + "/build-cache"
    }

    static func key(parent: String, _ parts: [String]) -> String {
        Digest.sha256(of: Array(([parent] + parts).joined(separator: "\n").utf8)).hex
    }

    func record(_ key: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(key).json") else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    func store(_ record: Record, for key: String) throws(EngineError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let data = try JSONEncoder().encode(record)
            try Self.writeAtomically(data, to: "\(directory)/\(key).json")
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.internalError, "build cache: write \(key)", cause: "\(error)")
        }
    }
}

extension BuildCache {
    /// Metadata writes: temp file, fsync, rename.
    static func writeAtomically(_ data: Data, to path: String) throws(EngineError) {
        let temporary = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EngineError(.internalError, "create \(temporary)", cause: buildErrnoText()) }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return false }
                let count = Foundation.write(fd, base + offset, raw.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard ok, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw EngineError(.internalError, "write \(path)", cause: buildErrnoText())
        }
    }
}
