import Foundation

/// One Docker Engine API request, before the version prefix and the endpoint are added. Built by pure
/// functions so tests can check method, path, query and body without a daemon.
struct DockerRequest: Sendable, Equatable {
    var method: String
    /// The unversioned path (`/containers/create`); the transport adds `/v1.xx`.
    var path: String
    var query: [(String, String)] = []
    var body: Data?
    /// Extra request headers (`X-Registry-Auth` of a push).
    var headers: [(String, String)] = []
    /// Whether the path is sent without the version prefix (`/_ping`).
    var unversioned = false
    /// Seconds to wait for the answer; nil for the transport's default.
    var timeoutSeconds: Int?
    /// No deadline at all: streams and waits that may last hours end by cancellation instead.
    var unbounded = false

    init(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// Only GET and HEAD are retried after a 5xx or a broken connection: they change nothing.
    var isIdempotent: Bool { method == "GET" || method == "HEAD" }

    /// `path?k=v&…` with the query values percent-encoded; the form the transport appends to its base URL.
    func target(version: String?) -> String {
        var text = (unversioned || version == nil ? "" : "/v\(version ?? "")") + path
        if !query.isEmpty {
            text += "?" + query.map { "\($0.0)=\(DockerRequest.escapeQuery($0.1))" }.joined(separator: "&")
        }
        return text
    }

    /// The body as text, for tests and error causes.
    var bodyText: String? { body.flatMap { String(data: $0, encoding: .utf8) } }

    static func == (lhs: DockerRequest, rhs: DockerRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.query.map { "\($0.0)=\($0.1)" } == rhs.query.map { "\($0.0)=\($0.1)" }
    }

    private static let queryAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let segmentAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:@")

    static func escapeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? value
    }

    /// One path segment (a container id or name, a network, a volume); image references keep their `/`.
    static func segment(_ value: String, keepingSlashes: Bool = false) -> String {
        var allowed = segmentAllowed
        if keepingSlashes { allowed.insert("/") }
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// What the daemon answered: status, the headers we read, and the whole body.
struct DockerResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var isSuccess: Bool { (200..<300).contains(status) || status == 304 }
}
