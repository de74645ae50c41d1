/// Why a compose model cannot be turned into a desired state (a dependency cycle, a secret whose
/// environment variable is unset, a value no engine accepts).
public struct DesiredStateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service concerned, nil for project-wide problems.
    public var service: String?
    public var message: String

    public init(service: String? = nil, _ message: String) {
        self.service = service
        self.message = message
    }

    public var description: String {
        service.map { "service \($0): \(message)" } ?? message
    }
}
