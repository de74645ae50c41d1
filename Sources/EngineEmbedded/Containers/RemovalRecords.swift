import EngineAPI
import Foundation

/// The last container removed from each project, one small file per project under `<state>/removals/`.
/// The event stream polls, so a container created and removed between two polls would otherwise leave no
/// trace at all; this record lets it still report the removal (a watcher then repairs at once, not at its next
/// resync). Only the latest removal is kept: several between two polls give one event.
public struct RemovalRecords: Sendable {
    /// What a removal leaves behind.
    public struct Removal: Sendable, Hashable, Codable {
        public var id: String
        public var labels: [String: String]
        /// Seconds since 1970.
        public var time: Double
    }

    /// How long a record is kept: any poller has read it by then (a missed one is caught by a resync).
    static let retention: Double = 120

    public let directory: String

    public init(stateRoot: String) {
        directory = stateRoot + "/removals"
    }

    /// A file name for the project, or nil for a name that is not one (Compose project names are `[a-z0-9_-]`).
    func path(_ project: String) -> String? {
        let allowed = project.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }
        guard !project.isEmpty, !project.hasPrefix("."), allowed else { return nil }
        return "\(directory)/\(project).json"
    }

    /// Notes the removal of a project's container and drops records older than the retention.
    public func record(id: String, labels: [String: String], now: Double = Date().timeIntervalSince1970) throws(EngineError) {
        guard let project = labels[OwnershipLabels.project], let path = path(project) else { return }
        try FileSystem.makeDirectories(directory)
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try JSONEncoder().encode(Removal(id: id, labels: labels, time: now)))
        } catch {
            throw EngineError(.internalError, "encode the removal of \(id)", cause: "\(error)")
        }
        try AtomicFile.write(bytes, to: path)
        for name in (try? FileSystem.list(directory)) ?? [] where name.hasSuffix(".json") {
            let old = directory + "/" + name
            if let modified = FileSystem.modificationTime(old), now - modified.timeIntervalSince1970 > Self.retention {
                try? FileSystem.remove(old)
            }
        }
    }

    /// The project's last recorded removal.
    public func last(project: String) -> Removal? {
        guard let path = path(project), let bytes = try? FileSystem.readAll(path) else { return nil }
        return try? JSONDecoder().decode(Removal.self, from: Data(bytes))
    }
}
