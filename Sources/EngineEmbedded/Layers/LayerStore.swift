import Crypto
import EngineAPI
import Foundation

/// Unpacked image layers, one directory per chainID (containerd's scheme, so images sharing a base share
/// its directories), each ready to be an overlayfs lowerdir:
///
///     <state>/layers/<chainID hex>/fs/      the layer's files, whiteouts as overlayfs expects them
///     <state>/layers/<chainID hex>/diffid   the uncompressed tar's digest
///     <state>/layers/<chainID hex>/size     bytes of that tar
///     <state>/layers/<chainID hex>/parent   the parent chainID (absent for a base layer)
///     <state>/layers/tmp-*                  unpacks in progress, or left by a crash
///
/// A layer directory appears by one rename of a complete tmp-* directory, so a present one is whole.
public struct LayerStore: Sendable {
    /// `<state>/layers`.
    public let root: String

    /// `root` is the state directory; layers live in `<root>/layers`.
    public init(root: String) {
        self.root = root + "/layers"
    }

    /// chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)).
    public static func chainIDs(_ diffIDs: [Digest]) -> [Digest] {
        var result: [Digest] = []
        for diffID in diffIDs {
            result.append(chainID(parent: result.last, diffID: diffID))
        }
        return result
    }

    static func chainID(parent: Digest?, diffID: Digest) -> Digest {
        guard let parent else { return diffID }
        return Digest.sha256(of: Array("\(parent) \(diffID)".utf8))
    }

    public func contains(_ chainID: Digest) -> Bool {
        var info = stat()
        return lstat(layerPath(chainID) + "/diffid", &info) == 0
    }

    /// `<root>/layers/<hex>/fs`, ready as an overlay lowerdir.
    public func directory(of chainID: Digest) -> String {
        layerPath(chainID) + "/fs"
    }

    func layerPath(_ chainID: Digest) -> String {
        root + "/" + chainID.hex
    }

    /// The recorded diffID, size and parent chainID of a present layer.
    public func metadata(of chainID: Digest) throws(EngineError) -> (diffID: Digest, size: Int64, parent: Digest?) {
        let path = layerPath(chainID)
        func text(_ name: String) -> String? {
            (try? String(contentsOfFile: path + "/" + name, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let diffText = text("diffid"), let diffID = Digest(parsing: diffText),
              let sizeText = text("size"), let size = Int64(sizeText) else {
            throw EngineError(.notFound, "layer \(chainID): not present")
        }
        return (diffID, size, text("parent").flatMap { Digest(parsing: $0) })
    }

    /// Removes a layer: renamed away first so a half-deleted layer never looks present.
    public func remove(_ chainID: Digest) throws(EngineError) {
        let trash = root + "/tmp-rm-" + UUID().uuidString
        guard rename(layerPath(chainID), trash) == 0 else {
            if errno == ENOENT { return }
            throw EngineError(.internalError, "layer \(chainID): cannot remove: \(LayerDirectory.errorText(errno))")
        }
        Self.removeTree(trash)
    }

    public func allChainIDs() throws(EngineError) -> [Digest] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            var info = stat()
            if lstat(root, &info) != 0, errno == ENOENT { return [] }
            throw EngineError(.internalError, "layers: cannot list \(root): \(error)")
        }
        return names.compactMap { Digest(parsing: "sha256:" + $0) }.filter { contains($0) }.sorted()
    }

    /// Deletes `tmp-*` directories (interrupted unpacks). Only safe when no unpack is running.
    public func removeTemporaries() throws(EngineError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names where name.hasPrefix("tmp-") { Self.removeTree(root + "/" + name) }
    }

    static func removeTree(_ path: String) {
        // Directories unpacked without write permission would stop the removal of their children.
        _ = try? FileManager.default.removeItem(atPath: path)
        var info = stat()
        if lstat(path, &info) == 0 {
            makeWritable(path)
            _ = try? FileManager.default.removeItem(atPath: path)
        }
    }

    private static func makeWritable(_ path: String) {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return }
        _ = chmod(path, 0o700)
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            let full = path + "/" + relative
            if lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { _ = chmod(full, 0o700) }
        }
    }

    /// Writes a small metadata file and flushes it (inside a not yet published directory).
    static func writeFile(_ path: String, _ text: String) throws(EngineError) {
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw EngineError(.internalError, "layers: cannot write \(path): \(LayerDirectory.errorText(errno))") }
        defer { close(file) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(file, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(file) == 0 else {
            throw EngineError(.internalError, "layers: cannot write \(path): \(LayerDirectory.errorText(errno))")
        }
    }
}
