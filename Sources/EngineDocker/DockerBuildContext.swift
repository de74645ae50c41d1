import EngineAPI
import Foundation
import TarArchive

/// The tar of a build context as the docker CLI sends it to the legacy builder: the context directory in a
/// fixed (sorted) order without what `.dockerignore` leaves out; the Dockerfile and `.dockerignore` are
/// always sent (the daemon reads them, and drops them itself when ignored). A Dockerfile from outside the
/// context, or an inline one, travels in the tar under a generated name that is added to `.dockerignore`,
/// so `COPY . …` does not copy it.
struct DockerBuildContext {
    /// The `dockerfile` query value: the Dockerfile's path inside the tar.
    var dockerfile: String
    /// Content added to the tar under `dockerfile` (a Dockerfile from outside the context or inline).
    var generatedDockerfile: [UInt8]?
    var context: String

    init(_ spec: BuildSpec) throws(EngineError) {
        let root = URL(fileURLWithPath: spec.context).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EngineError(.invalidArgument, "build context \(spec.context) is not a directory")
        }
        context = root
        if let inline = spec.dockerfileInline {
            generatedDockerfile = Array(inline.utf8)
            dockerfile = Self.generatedName(inline.utf8)
            return
        }
        let given = spec.dockerfile ?? "Dockerfile"
        let path = URL(fileURLWithPath: given.hasPrefix("/") ? given : root + "/" + given).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw EngineError(.invalidArgument, "cannot read the Dockerfile \(path)")
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if path.hasPrefix(prefix) {
            dockerfile = String(path.dropFirst(prefix.count))
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EngineError(.invalidArgument, "cannot read the Dockerfile \(path)")
            }
            generatedDockerfile = [UInt8](data)
            dockerfile = Self.generatedName(data)
        }
    }

    /// `.swift-compose.Dockerfile.<FNV-1a of the content>`: stable, so an unchanged build stays cached.
    static func generatedName(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return ".swift-compose.Dockerfile." + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Writes the tar to `tar`.
    func write(to tar: TarWriter) throws(EngineError) {
        let ignorePath = context + "/.dockerignore"
        let ignoreText = FileManager.default.contents(atPath: ignorePath).map { String(decoding: $0, as: UTF8.self) }
        var lines = ignoreText.map(DockerIgnore.lines(of:)) ?? []
        let probe = try DockerIgnore(lines: lines)
        if probe.excludes(".dockerignore") { lines.append("!.dockerignore") }
        if generatedDockerfile == nil, probe.excludes(dockerfile) { lines.append("!" + dockerfile) }
        let ignore = try DockerIgnore(lines: lines)
        // The generated Dockerfile is named in the `.dockerignore` the daemon sees; a synthesized one names
        // itself too, so neither ends up in the image.
        let ignoreReplacement: [UInt8]? = generatedDockerfile.map { _ in
            Array(((ignoreText.map { $0 + "\n" } ?? ".dockerignore\n") + dockerfile + "\n").utf8)
        }
        do {
            try walk("", ignore: ignore, ignoreReplacement: ignoreReplacement, tar: tar)
            if let generatedDockerfile {
                if ignoreText == nil, let ignoreReplacement { try tar.addFile(".dockerignore", contents: ignoreReplacement) }
                try tar.addFile(dockerfile, contents: generatedDockerfile)
            }
            try tar.finish()
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.internalError, "cannot write the build context of \(context)", cause: "\(error)")
        }
    }

    private func walk(_ relative: String, ignore: DockerIgnore, ignoreReplacement: [UInt8]?, tar: TarWriter) throws {
        let directory = relative.isEmpty ? context : context + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw EngineError(.invalidArgument, "cannot list \(directory) in the build context", cause: "\(error)")
        }
        for name in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = context + "/" + path
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: full)
            } catch {
                throw EngineError(.invalidArgument, "cannot read \(full) in the build context", cause: "\(error)")
            }
            let type = attributes[.type] as? FileAttributeType
            let mode = (attributes[.posixPermissions] as? NSNumber)?.uint32Value ?? 0o644
            let time = Int64((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            let excluded = ignore.excludes(path)
            switch type {
            case .typeDirectory?:
                if excluded && !ignore.hasExceptions { continue }
                if !excluded { try tar.addDirectory(path, mode: mode, modificationTime: time) }
                try walk(path, ignore: ignore, ignoreReplacement: ignoreReplacement, tar: tar)
            case .typeSymbolicLink?:
                guard !excluded else { continue }
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: full)
                try tar.addSymlink(path, target: target, mode: mode, modificationTime: time)
            case .typeRegular?:
                guard !excluded else { continue }
                if path == ".dockerignore", let ignoreReplacement {
                    try tar.addFile(path, contents: ignoreReplacement, mode: mode, modificationTime: time)
                    continue
                }
                try addFile(path, full: full, size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, mode: mode, time: time, tar: tar)
            default:
                // Sockets, pipes and devices cannot be built from; the docker CLI skips them too.
                continue
            }
        }
    }

    private func addFile(_ path: String, full: String, size: Int64, mode: UInt32, time: Int64, tar: TarWriter) throws {
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw EngineError(.invalidArgument, "cannot read \(full) in the build context")
        }
        defer { try? handle.close() }
        try tar.addFile(path, size: size, mode: mode, modificationTime: time) {
            [UInt8](try handle.read(upToCount: 1 << 18) ?? Data())
        }
    }
}
