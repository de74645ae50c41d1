import EngineAPI
import Foundation
import Glibc

extension BuildSession {
    /// What a COPY/ADD reads, known before the cache lookup: the context items and their content hash, or
    /// the layers of the stage or image `--from` names.
    struct PreparedCopy {
        var identity: String
        var identityHex: String
        /// `file`, `dir` or `multi`, as the history's `created_by` says.
        var kind: String
        var contextItems: [BuildSources.Item]?
        var sourceLayers: [BuildCache.Layer]
    }

    func prepareCopy(_ copy: BuildStep.Copy, location: DockerfileLocation) async throws(EngineError) -> PreparedCopy {
        let name = copy.isAdd ? "ADD" : "COPY"
        switch copy.from {
        case nil:
            let items: [BuildSources.Item]
            let hash: Digest
            do throws(EngineError) {
                items = try context.resolve(copy.sources, instruction: name)
                hash = try context.hash(items)
            } catch {
                throw location.error(error.message, error.code)
            }
            let kind = items.count == 1 ? (items[0].isDirectory ? "dir" : "file") : "multi"
            return PreparedCopy(identity: hash.description, identityHex: hash.hex, kind: kind, contextItems: items, sourceLayers: [])
        case .stage(let index):
            guard let result = results[index] else { throw location.error("\(name) --from: stage \(index) was not built", .internalError) }
            return prepared(layers: result.layers, sources: copy.sources)
        case .image(let reference):
            let (_, layers, _) = try await resolveImage(reference, location: location)
            return prepared(layers: layers, sources: copy.sources)
        }
    }

    func prepared(layers: [BuildCache.Layer], sources: [String]) -> PreparedCopy {
        let chain = LayerStore.chainIDs(layers.map(\.diffID)).last?.description ?? "empty"
        let identity = "from \(chain) \(sources.joined(separator: " "))"
        return PreparedCopy(identity: identity, identityHex: Digest.sha256(of: Array(identity.utf8)).hex,
                            kind: sources.count == 1 ? "file" : "multi", contextItems: nil, sourceLayers: layers)
    }

    func performCopy(_ copy: BuildStep.Copy, prepared: PreparedCopy, into overlay: OverlayMount, number: Int,
                     location: DockerfileLocation) async throws(EngineError) {
        let name = copy.isAdd ? "ADD" : "COPY"
        var sourceMount: OverlayMount?
        defer { sourceMount?.remove() }
        do throws(EngineError) {
            let sources: BuildSources
            let items: [BuildSources.Item]
            if let contextItems = prepared.contextItems {
                sources = context
                items = contextItems
            } else {
                let chain = try ensureUnpacked(prepared.sourceLayers)
                let mount = try OverlayMount.mount(lowers: chain.reversed().map(layerStore.directory(of:)),
                                                   in: "\(builder.buildDirectory)/\(buildID)-\(number)-from")
                sourceMount = mount
                sources = BuildSources(root: mount.rootfs, ignore: nil)
                items = try sources.resolve(copy.sources, instruction: name)
            }
            if items.count > 1, !copy.destinationIsDirectory {
                throw EngineError(.invalidArgument, "When using \(name) with more than one source file, the destination must be a directory and end with a /")
            }
            let owner = try copy.chown.map { (spec) throws(EngineError) in try RootfsUsers(rootfs: overlay.rootfs).owner(spec) }
            var plain = items
            if copy.isAdd, copy.from == nil {
                plain = []
                for item in items {
                    if !item.isDirectory, Self.isArchive(item.path) {
                        try await extract(item, into: copy.destination, overlay: overlay, owner: owner, chmod: copy.chmod)
                    } else {
                        plain.append(item)
                    }
                }
            }
            let copier = BuildCopier(rootfs: overlay.rootfs, sources: sources, owner: owner,
                                     preserveOwner: copy.from != nil, chmod: copy.chmod)
            if !plain.isEmpty {
                try copier.copy(plain, to: copy.destination, destinationIsDirectory: copy.destinationIsDirectory || items.count > 1)
            }
        } catch {
            throw location.error("\(name) failed: \(error.message)", error.code)
        }
    }

    /// ADD of a local archive: unpacked (by GNU tar, which refuses `..` members) into a scratch directory
    /// outside the rootfs, then copied in with the rootfs-safe copier, ownership kept.
    func extract(_ item: BuildSources.Item, into destination: String, overlay: OverlayMount,
                 owner: (uid: UInt32, gid: UInt32)?, chmod: UInt32?) async throws(EngineError) {
        let scratch = overlay.directory + "/extract-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw EngineError(.internalError, "create \(scratch)", cause: "\(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        guard let tar = BuildProcess.find("tar") else { throw EngineError(.unavailable, "ADD \(item.relative): tar was not found") }
        let outcome = try await BuildProcess.run(tar, ["-x", "-f", item.path, "-C", scratch, "--numeric-owner", "--same-owner", "-p"])
        guard outcome.status == 0 else {
            throw EngineError(.invalidArgument, "ADD \(item.relative): cannot extract the archive: \(outcome.tail.joined(separator: " "))")
        }
        try RootfsPath.makeDirectories(destination, in: overlay.rootfs, owner: owner)
        let copier = BuildCopier(rootfs: overlay.rootfs, sources: BuildSources(root: scratch, ignore: nil), owner: owner,
                                 preserveOwner: true, chmod: chmod)
        try copier.copyChildren(of: scratch, relative: "", to: destination)
    }

    /// gzip, bzip2, xz, zstd or a plain tar (ustar magic at offset 257).
    static func isArchive(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        if starts([0x1f, 0x8b]) || starts(Array("BZh".utf8)) || starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])
            || starts([0x28, 0xb5, 0x2f, 0xfd]) {
            return true
        }
        return head.count >= 262 && Array(head[257..<262]) == Array("ustar".utf8)
    }
}
