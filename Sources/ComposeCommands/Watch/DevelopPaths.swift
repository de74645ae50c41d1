import EngineAPI
import Foundation

/// Path rules of `develop.watch`: editor temporary files, `ignore`/`include` patterns (dockerignore syntax,
/// relative to the rule's path, as docker compose reads them) and the host → container path mapping.
enum DevelopPaths {
    /// Files editors write beside the one being saved (vim swap and backup files, emacs locks and autosaves,
    /// JetBrains safe-write copies): never a reason to sync or rebuild.
    static func isEditorTemporary(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        if name == ".git" || name == "4913" || name == ".DS_Store" { return true }
        if name.hasSuffix("~") || name.hasPrefix(".#") || (name.hasPrefix("#") && name.hasSuffix("#")) { return true }
        for suffix in [".swp", ".swx", ".swo", ".tmp", "___jb_tmp___", "___jb_old___"] where name.hasSuffix(suffix) { return true }
        return false
    }

    /// `path` relative to `root` ("" for the root itself); nil when it is not below it.
    static func relative(_ path: String, to root: String) -> String? {
        if path == root { return "" }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// Whether a change of `relative` (below a rule's path) concerns the rule.
    static func matches(_ relative: String, ignore: DockerIgnore?, include: DockerIgnore?) -> Bool {
        if relative.isEmpty { return true }
        if let ignore, ignore.excludes(relative) { return false }
        if let include { return include.excludes(relative) }
        return true
    }

    /// Where a host file lands in the container.
    static func target(_ relative: String, under target: String) -> String {
        relative.isEmpty ? target : (target.hasSuffix("/") ? target + relative : target + "/" + relative)
    }
}
