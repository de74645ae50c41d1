/// Lexical path helpers with Go's `path` / `path/filepath` semantics on Unix (no file system access).
enum PathUtil {
    /// Go's path.Clean: shortest equivalent path, `.`/`..` resolved lexically, no trailing slash.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Go's filepath.Join: non-empty elements joined by `/`, then cleaned.
    static func join(_ elements: String...) -> String {
        let nonEmpty = elements.filter { !$0.isEmpty }
        if nonEmpty.isEmpty { return "" }
        return clean(nonEmpty.joined(separator: "/"))
    }

    static func isAbsolute(_ path: String) -> Bool {
        path.hasPrefix("/")
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
