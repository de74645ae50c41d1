import EngineAPI
import Foundation

/// Builds a tar file from named byte arrays and store blobs. Stages the tree under the state dir (blobs
/// hardlinked, not copied) and runs GNU tar with deterministic options: TarArchive's writer is not available
/// to this target yet. The output appears by rename once complete.
final class ArchiveTarWriter {
    private let output: String
    private let staging: String
    private var names: [String] = []

    init(output: String, scratch: String) throws(EngineError) {
        self.output = output
        staging = "\(scratch)/save-\(UUID().uuidString.lowercased())"
        try FileSystem.makeDirectories(staging)
    }

    deinit { try? FileSystem.remove(staging) }

    func addFile(_ name: String, _ bytes: [UInt8]) throws(EngineError) {
        try AtomicFile.write(bytes, to: "\(staging)/\(name)")
        names.append(name)
    }

    func addBlob(_ name: String, from path: String) throws(EngineError) {
        let target = "\(staging)/\(name)"
        try FileSystem.makeDirectories((target as NSString).deletingLastPathComponent)
        if link(path, target) != 0 {
            do {
                try FileManager.default.copyItem(atPath: path, toPath: target)
            } catch {
                throw EngineError(.internalError, "save \(output): cannot stage \(path)", cause: "\(error)")
            }
        }
        names.append(name)
    }

    func finish() throws(EngineError) {
        let directory = (output as NSString).deletingLastPathComponent
        let temp = "\(directory.isEmpty ? "." : directory)/.tmp-\(UUID().uuidString.lowercased())-\((output as NSString).lastPathComponent)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-c", "-f", temp, "-C", staging, "--owner=0", "--group=0", "--numeric-owner",
                             "--mtime=@0", "--mode=a+r,u+w", "--format=posix", "--pax-option=delete=atime,delete=ctime",
                             "--no-recursion", "--"] + Self.withParents(names)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EngineError(.unavailable, "save \(output): cannot run tar", cause: "\(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            unlink(temp)
            throw EngineError(.internalError, "save \(output): tar failed", cause: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard rename(temp, output) == 0 else {
            let error = FileSystem.error("rename to \(output)", temp)
            unlink(temp)
            throw error
        }
    }

    /// Names in write order, each preceded by its not-yet-listed parent directories.
    static func withParents(_ names: [String]) -> [String] {
        var listed = Set<String>()
        var out = [String]()
        for name in names {
            var parents = [String]()
            var parent = (name as NSString).deletingLastPathComponent
            while !parent.isEmpty, !listed.contains(parent) {
                parents.append(parent)
                listed.insert(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
            out += parents.reversed()
            out.append(name)
        }
        return out
    }
}
