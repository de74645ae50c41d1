import EngineAPI
import Foundation
import TarArchive

extension DockerEngine {
    /// `PUT /containers/{id}/archive?path=/`: one tar of the entries, each named by its container path, so
    /// dockerd creates missing parent directories. The tar goes through a temporary file (the upload path
    /// streams a file, as for build contexts).
    public func copyToContainer(_ id: String, entries: [CopyEntry]) async throws(EngineError) {
        let resource = ResourceID(.service, id)
        let path = NSTemporaryDirectory() + "swift-compose-copy-\(UUID().uuidString).tar"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let length: Int64
        do {
            length = try Self.writeArchive(entries, to: path)
        } catch {
            throw EngineError(.invalidArgument, "cannot archive the files to copy into \(id)", resource: resource, cause: "\(error)")
        }
        let request = DockerRequest("PUT", "/containers/\(DockerRequest.segment(id))/archive", query: [("path", "/")])
        let response = try await openStream(request, upload: DockerUpload(contentType: "application/x-tar", path: path, length: length))
        do {
            for try await _ in response.body {}
        } catch {
            throw EngineError(.unavailable, "copying files into \(id) failed", cause: "\(error)")
        }
    }

    /// Writes the tar; returns its length.
    static func writeArchive(_ entries: [CopyEntry], to path: String) throws -> Int64 {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var length: Int64 = 0
        let writer = TarWriter { bytes in
            try handle.write(contentsOf: bytes)
            length += Int64(bytes.count)
        }
        for entry in entries {
            let name = String(entry.containerPath.drop { $0 == "/" })
            let attributes = try FileManager.default.attributesOfItem(atPath: entry.hostPath)
            let mode = UInt32((attributes[.posixPermissions] as? Int) ?? 0o644)
            let time = Int64((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            if (attributes[.type] as? FileAttributeType) == .typeDirectory {
                try writer.addDirectory(name, mode: mode, modificationTime: time)
            } else {
                let contents = FileManager.default.contents(atPath: entry.hostPath) ?? Data()
                try writer.addFile(name, contents: [UInt8](contents), mode: mode, modificationTime: time)
            }
        }
        try writer.finish()
        return length
    }
}
