/// Keeps a value (a source location) out of `==` and hashing.
///
/// Two services that differ only in where they were written are the same service: change detection and
/// de-duplication compare values, while diagnostics still find the line through the wrapped location.
@propertyWrapper
public struct NotCompared<Value: Sendable>: Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public static func == (lhs: NotCompared, rhs: NotCompared) -> Bool { true }

    public func hash(into hasher: inout Hasher) {}
}
