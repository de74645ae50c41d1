/// A key path inside a compose document (`services.web.ports`), as the merge and uniqueness rules see it.
///
/// Rules are written as patterns where `*` matches any one key; a path matches a pattern when both have
/// the same number of parts and every part matches.
struct ModelPath: Sendable, Hashable, CustomStringConvertible {
    var parts: [String]

    init(_ parts: [String] = []) {
        self.parts = parts
    }

    init(pattern: String) {
        parts = pattern.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    func appending(_ part: String) -> ModelPath {
        var copy = self
        copy.parts.append(part)
        return copy
    }

    func matches(_ pattern: ModelPath) -> Bool {
        guard pattern.parts.count == parts.count else { return false }
        var index = 0
        while index < parts.count {
            let wanted = pattern.parts[index]
            if wanted != "*", wanted != parts[index] { return false }
            index += 1
        }
        return true
    }

    var description: String { parts.joined(separator: ".") }

    /// The diagnostic form: sequence items as `[i]` glued to their parent (`services.web.ports[0]`).
    var diagnosticPath: String {
        var text = ""
        for part in parts {
            if part.hasPrefix("["), !text.isEmpty {
                text += part
            } else {
                text += text.isEmpty ? part : "." + part
            }
        }
        return text
    }
}

/// A table of rules keyed by path pattern, looked up by the number of parts first so a lookup stays cheap.
struct ModelPathTable<Rule: Sendable>: Sendable {
    private var byLength: [Int: [(ModelPath, Rule)]] = [:]

    init(_ entries: [(String, Rule)]) {
        for (pattern, rule) in entries {
            let path = ModelPath(pattern: pattern)
            byLength[path.parts.count, default: []].append((path, rule))
        }
    }

    func rule(for path: ModelPath) -> Rule? {
        guard let candidates = byLength[path.parts.count] else { return nil }
        for (pattern, rule) in candidates where path.matches(pattern) {
            return rule
        }
        return nil
    }
}
