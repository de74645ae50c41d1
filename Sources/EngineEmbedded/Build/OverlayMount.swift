import EngineAPI
import Foundation
import Glibc

/// A build step's rootfs: the parent chain's layer directories as overlay lowers (top first), a fresh
/// upper/work pair, mounted at `<dir>/rootfs`. Long lowerdir lists go through short symlinks (`<dir>/l/N`)
/// because mount options are limited to one page.
struct OverlayMount {
    let directory: String
    var rootfs: String { directory + "/rootfs" }
    var upper: String { directory + "/upper" }

    /// - Parameter lowers: layer directories, top layer first; empty for a scratch base.
    static func mount(lowers: [String], in directory: String) throws(EngineError) -> OverlayMount {
        let overlay = OverlayMount(directory: directory)
        let manager = FileManager.default
        do {
            for name in ["rootfs", "upper", "work", "l", "empty"] {
                try manager.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: true)
            }
        } catch {
            throw EngineError(.internalError, "build: create \(directory)", cause: "\(error)")
        }
        var lowerPaths = lowers.isEmpty ? [directory + "/empty"] : lowers
        if lowerPaths.joined(separator: ":").utf8.count > 3000 {
            var links: [String] = []
            for (index, path) in lowerPaths.enumerated() {
                let link = "\(directory)/l/\(index)"
                guard symlink(path, link) == 0 else { throw EngineError(.internalError, "build: symlink \(link)", cause: buildErrnoText()) }
                links.append(link)
            }
            lowerPaths = links
        }
        let options = "lowerdir=\(lowerPaths.joined(separator: ":")),upperdir=\(overlay.upper),workdir=\(directory)/work"
        guard options.utf8.count < 4000 else {
            throw EngineError(.unsupported, "build: \(lowers.count) layers are too many for one overlay mount")
        }
        guard Glibc.mount("overlay", overlay.rootfs, "overlay", 0, options) == 0 else {
            throw EngineError(.internalError, "build: mount overlay at \(overlay.rootfs)", cause: buildErrnoText())
        }
        return overlay
    }

    func unmount() throws(EngineError) {
        if umount2(rootfs, 0) == 0 { return }
        let first = errno
        if first == EINVAL { return }  // not mounted (already gone)
        guard umount2(rootfs, Int32(MNT_DETACH)) == 0 else {
            throw EngineError(.internalError, "build: unmount \(rootfs)", cause: buildErrnoText(first))
        }
    }

    /// Unmounts (if still mounted) and deletes the step directory.
    func remove() {
        // Never delete through a rootfs that is still mounted: that would write whiteouts, or worse.
        do { try unmount() } catch { return }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
