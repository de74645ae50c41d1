/// A parsed image reference: `nginx` → `docker.io/library/nginx:latest`, with an optional digest.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(registry: String, repository: String, tag: String?, digest: String?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses docker's reference grammar; nil for an empty or malformed reference.
    public init?(parsing text: String) {
        guard !text.isEmpty, !text.contains(" ") else { return nil }
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard digest?.contains(":") == true else { return nil }
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[rest.index(after: colon)...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard tag?.isEmpty == false else { return nil }
        }
        guard !rest.isEmpty else { return nil }
        var registry = "docker.io"
        var repository = String(rest)
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                repository = String(rest[rest.index(after: slash)...])
            }
        }
        if registry == "docker.io", !repository.contains("/") {
            repository = "library/" + repository
        }
        guard repository == repository.lowercased() else { return nil }
        self.init(registry: registry, repository: repository, tag: tag ?? (digest == nil ? "latest" : nil), digest: digest)
    }

    /// The fully qualified form (`docker.io/library/nginx:latest`).
    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}

extension ImageReference {
    /// The short name docker shows (`busybox`, `user/app`, `127.0.0.1:5000/app`): docker.io and its
    /// `library/` prefix left out.
    public var familiarName: String {
        guard registry == "docker.io" else { return "\(registry)/\(repository)" }
        return repository.hasPrefix("library/") ? String(repository.dropFirst("library/".count)) : repository
    }
}
