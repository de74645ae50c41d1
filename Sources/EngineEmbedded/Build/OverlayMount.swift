import EngineAPI
import Foundation
import Glibc

/// A build step's or a container's rootfs: the layer directories as overlay lowers (top first), an
/// upper/work pair, mounted at `<dir>/rootfs`. Long lowerdir lists go through short symlinks (`<dir>/l/N`)
/// because mount options are limited to one page.
struct OverlayMount {
    let directory: String
    var rootfs: String { directory + "/rootfs" }
    var upper: String { directory + "/upper" }

    /// - Parameter lowers: layer directories, top layer first; empty for a scratch base.
    /// - Parameter what: names the user in errors ("build", "container web-1").
    static func mount(lowers: [String], in directory: String, what: String = "build") throws(EngineError) -> OverlayMount {
        let overlay = OverlayMount(directory: directory)
        let manager = FileManager.default
        do {
            for name in ["rootfs", "upper", "work", "l", "empty"] {
                try manager.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: true)
            }
        } catch {
            throw EngineError(.internalError, "\(what): create \(directory)", cause: "\(error)")
        }
        var lowerPaths = lowers.isEmpty ? [directory + "/empty"] : lowers
        if lowerPaths.joined(separator: ":").utf8.count > 3000 {
            var links: [String] = []
            for (index, path) in lowerPaths.enumerated() {
                let link = "\(directory)/l/\(index)"
                unlink(link)  // a container's rootfs is mounted again at every start
                guard symlink(path, link) == 0 else { throw EngineError(.internalError, "\(what): symlink \(link)", cause: buildErrnoText()) }
                links.append(link)
            }
            lowerPaths = links
        }
        let options = "lowerdir=\(lowerPaths.joined(separator: ":")),upperdir=\(overlay.upper),workdir=\(directory)/work"
        guard options.utf8.count < 4000 else {
            throw EngineError(.unsupported, "\(what): \(lowers.count) layers are too many for one overlay mount")
        }
        guard Glibc.mount("overlay", overlay.rootfs, "overlay", 0, options) == 0 else {
            throw EngineError(.internalError, "\(what): mount overlay at \(overlay.rootfs)", cause: buildErrnoText())
        }
        return overlay
    }

    /// Whether the rootfs is a mount point now (a container's stays mounted between start and stop).
    var isMounted: Bool {
        guard let table = ProcFile.read("/proc/self/mountinfo") else { return false }
        return table.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ", maxSplits: 5)
            return fields.count > 4 && fields[4] == rootfs
        }
    }

    func unmount() throws(EngineError) {
        if umount2(rootfs, 0) == 0 { return }
        let first = errno
        if first == EINVAL { return }  // not mounted (already gone)
        guard umount2(rootfs, Int32(MNT_DETACH)) == 0 else {
            throw EngineError(.internalError, "unmount \(rootfs)", cause: buildErrnoText(first))
        }
    }

    /// Unmounts (if still mounted) and deletes the step directory.
    func remove() {
        // Never delete through a rootfs that is still mounted: that would write whiteouts, or worse.
        do { try unmount() } catch { return }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
