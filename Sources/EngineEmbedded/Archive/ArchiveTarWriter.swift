import EngineAPI
import Foundation
import TarArchive

/// Writes a tar file of named byte arrays and store blobs with TarArchive's deterministic writer (root
/// owner, mtime 0). The output appears by rename once complete and synced.
final class ArchiveTarWriter {
    private let output: String
    private let temp: String
    private var fd: Int32
    private var directories = Set<String>()
    private var tar: TarWriter?

    init(output: String, scratch: String) throws(EngineError) {
        self.output = output
        let directory = (output as NSString).deletingLastPathComponent
        temp = "\(directory.isEmpty ? "." : directory)/.tmp-\(UUID().uuidString.lowercased())-\((output as NSString).lastPathComponent)"
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystem.error("create", temp) }
        let descriptor = fd
        let path = temp
        tar = TarWriter { bytes in
            try FileSystem.withBytes(bytes) { (buffer) throws(EngineError) in try FileSystem.writeAll(descriptor, buffer, path: path) }
        }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temp)
        }
    }

    func addFile(_ name: String, _ bytes: [UInt8]) throws(EngineError) {
        try parents(of: name)
        try run(name) { tar in try tar.addFile(name, contents: bytes) }
    }

    func addBlob(_ name: String, from path: String) throws(EngineError) {
        try parents(of: name)
        guard let size = FileSystem.fileSize(path) else { throw EngineError(.notFound, "save \(output): \(path) is missing") }
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw FileSystem.error("open", path) }
        defer { close(source) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        try run(name) { tar in
            try tar.addFile(name, size: size, mode: 0o644, modificationTime: 0) {
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw FileSystem.error("read", path)
                    }
                    return Array(buffer[0..<count])
                }
            }
        }
    }

    func finish() throws(EngineError) {
        try run("end of archive") { tar in try tar.finish() }
        guard fsync(fd) == 0 else { throw FileSystem.error("fsync", temp) }
        close(fd)
        fd = -1
        guard rename(temp, output) == 0 else {
            let error = FileSystem.error("rename to \(output)", temp)
            unlink(temp)
            throw error
        }
    }

    /// Directory entries for the parents of `name` not written yet, as docker save lists them.
    private func parents(of name: String) throws(EngineError) {
        var missing = [String]()
        var parent = (name as NSString).deletingLastPathComponent
        while !parent.isEmpty, !directories.contains(parent) {
            missing.append(parent)
            parent = (parent as NSString).deletingLastPathComponent
        }
        for directory in missing.reversed() {
            directories.insert(directory)
            try run(directory) { tar in try tar.addDirectory(directory, mode: 0o755, modificationTime: 0) }
        }
    }

    private func run(_ what: String, _ body: (TarWriter) throws -> Void) throws(EngineError) {
        guard let tar else { throw EngineError(.internalError, "save \(output): writer already finished") }
        do {
            try body(tar)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.internalError, "save \(output): writing \(what) failed", cause: "\(error)")
        }
    }
}
