import Crypto

/// A content digest, `sha256:<64 hex>` (or `sha512:<128 hex>`): the identity of every blob in the store.
/// Parsing is strict because digests become file names: nothing but the algorithm and lowercase hex passes.
public struct Digest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let algorithm: String
    public let hex: String

    /// nil when `text` is not a well-formed sha256 or sha512 digest.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let algorithm = String(text[..<colon])
        let hex = String(text[text.index(after: colon)...])
        let length: Int
        switch algorithm {
        case "sha256": length = 64
        case "sha512": length = 128
        default: return nil
        }
        guard hex.utf8.count == length, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return nil
        }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The sha256 digest of `bytes`.
    public static func sha256<Bytes: Sequence>(of bytes: Bytes) -> Digest where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return Digest(sha256Hex: hasher.finalize().hexString)
    }

    init(sha256Hex: String) {
        algorithm = "sha256"
        hex = sha256Hex
    }

    /// The first 12 hex characters, as `docker images` shows an id.
    public var shortHex: String { String(hex.prefix(12)) }

    public var description: String { "\(algorithm):\(hex)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid digest \(text)"))
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Hashes a stream incrementally (a layer while it is downloaded or unpacked).
public struct DigestHasher {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    public func finalize() -> Digest { Digest(sha256Hex: hasher.finalize().hexString) }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
