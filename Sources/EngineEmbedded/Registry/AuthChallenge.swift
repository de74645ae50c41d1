/// One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
public struct AuthChallenge: Sendable, Hashable {
    public enum Scheme: Sendable, Hashable {
        case basic
        case bearer
        case other(String)
    }

    public var scheme: Scheme
    /// Parameter names lowercased; values unquoted and unescaped.
    public var parameters: [String: String]

    public init(scheme: Scheme, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }

    /// Every challenge in the given header values (a header may hold several, comma-separated).
    public static func parse(_ values: [String]) -> [AuthChallenge] {
        values.flatMap { parse($0) }
    }

    /// Every challenge in one header value; malformed parameters are skipped rather than failing the lot.
    public static func parse(_ value: String) -> [AuthChallenge] {
        var scanner = ChallengeScanner(Array(value.utf8))
        var challenges = [AuthChallenge]()
        while let token = scanner.token() {
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "=") , var current = challenges.popLast() {
                // `key=value` belongs to the challenge being read.
                scanner.advance()
                scanner.skipSpace()
                current.parameters[token.lowercased()] = scanner.value()
                challenges.append(current)
            } else {
                challenges.append(AuthChallenge(scheme: scheme(token), parameters: [:]))
                // A token68 (`Basic abc==`) or a parameter follows the scheme without a comma.
                continue
            }
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ",") { scanner.advance() }
        }
        return challenges
    }

    static func scheme(_ token: String) -> Scheme {
        switch token.lowercased() {
        case "basic": .basic
        case "bearer": .bearer
        default: .other(token)
        }
    }
}

/// A small RFC 7235 tokenizer over bytes.
private struct ChallengeScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance() { position += 1 }

    mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { advance() }
    }

    /// The next token, skipping separating spaces and commas; nil at the end.
    mutating func token() -> String? {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ",") { advance() }
        let start = position
        while let byte = peek, byte != 0x20, byte != 0x09, byte != UInt8(ascii: ","), byte != UInt8(ascii: "=") {
            advance()
        }
        // token68 padding: `abc==` stays one token when followed by the end or a comma.
        while peek == UInt8(ascii: "="), position + 1 >= bytes.count || bytes[position + 1] == UInt8(ascii: "=")
            || bytes[position + 1] == UInt8(ascii: ",") {
            advance()
        }
        guard position > start else { return nil }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A quoted string (with `\` escapes) or a bare token.
    mutating func value() -> String {
        guard peek == UInt8(ascii: "\"") else {
            let start = position
            while let byte = peek, byte != UInt8(ascii: ","), byte != 0x20, byte != 0x09 { advance() }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
        advance()
        var out = [UInt8]()
        while let byte = peek {
            advance()
            if byte == UInt8(ascii: "\\"), let next = peek {
                out.append(next)
                advance()
            } else if byte == UInt8(ascii: "\"") {
                break
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
