import Foundation

/// Lexical path operations with Go's `path/filepath` semantics (no file system access, no symlinks).
enum FilePaths {
    static func isAbsolute(_ path: String) -> Bool {
        path.hasPrefix("/")
    }

    /// `filepath.Clean`: removes `.`, resolves `..` lexically, collapses slashes.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `filepath.Join`: joins the non-empty elements and cleans the result.
    static func join(_ elements: String...) -> String {
        let kept = elements.filter { !$0.isEmpty }
        guard !kept.isEmpty else { return "" }
        return clean(kept.joined(separator: "/"))
    }

    /// `filepath.Dir`.
    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }

    /// `path` made absolute against `base` (already absolute).
    static func absolute(_ path: String, base: String) -> String {
        isAbsolute(path) ? clean(path) : join(base, path)
    }

    /// `filepath.Rel` for two absolute clean paths.
    static func relative(from base: String, to target: String) -> String {
        let baseParts = clean(base).split(separator: "/")
        let targetParts = clean(target).split(separator: "/")
        var common = 0
        while common < baseParts.count, common < targetParts.count, baseParts[common] == targetParts[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: baseParts.count - common)
        let rest = targetParts[common...].map(String.init)
        let parts = ups + rest
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Absolute (Unix) or Windows-absolute (`C:\x`, `\\server\share`), as compose-go checks bind sources.
    static func isWindowsAbsolute(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        if scalars.count >= 3, scalars[1] == ":", scalars[0].properties.isAlphabetic {
            return scalars[2] == "\\" || scalars[2] == "/"
        }
        if scalars.count >= 2, scalars[0] == "\\" || scalars[0] == "/", scalars[1] == "\\" || scalars[1] == "/" {
            return true
        }
        return false
    }
}
