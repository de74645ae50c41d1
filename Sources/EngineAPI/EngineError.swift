/// One error type for every engine: what failed, on which resource, and why.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// A growable set of error kinds; callers decide retries and exit codes from it.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let notFound = Code(rawValue: "notFound")
        public static let conflict = Code(rawValue: "conflict")
        public static let invalidArgument = Code(rawValue: "invalidArgument")
        public static let unsupported = Code(rawValue: "unsupported")
        public static let unavailable = Code(rawValue: "unavailable")
        public static let timeout = Code(rawValue: "timeout")
        public static let internalError = Code(rawValue: "internal")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String
    public var resource: ResourceID?
    /// The lower-level error's description (a socket error, an HTTP body).
    public var cause: String?

    public init(_ code: Code, _ message: String, resource: ResourceID? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.resource = resource
        self.cause = cause
    }

    /// Whether retrying the same call later can succeed (connection resets, 5xx on idempotent calls).
    public var isTransient: Bool { code == .unavailable || code == .timeout }

    public var description: String {
        var text = resource.map { "\($0): " } ?? ""
        text += message
        if let cause { text += ": \(cause)" }
        return text
    }
}
