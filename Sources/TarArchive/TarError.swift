/// Why reading or writing a tar stream failed.
public struct TarError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A header's checksum does not match its contents.
        case badChecksum
        /// The stream ended inside a header or an entry's data.
        case truncated
        /// A valid but unsupported construct (sparse files, multi-volume, unknown types).
        case unsupported
        /// Fields that cannot be parsed, or an entry that cannot be written.
        case malformed
        /// The byte source or the output failed.
        case io
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "tar: \(message)" }
}
