import ComposeModel

/// Builds node trees from JSON text in tests (key order kept, integers stay integers), so the canonical
/// tests can state inputs and expected outputs compactly without depending on the YAML parser.
enum CanonicalJSON {
    struct Failure: Error {}

    static func node(_ text: String) -> ComposeNode {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        return (try? parser.value()) ?? .null()
    }

    private struct Parser {
        var scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\t", "\r"].contains(scalars[index]) { index += 1 }
        }

        mutating func value() throws -> ComposeNode {
            skipSpace()
            guard index < scalars.count else { throw Failure() }
            switch scalars[index] {
            case "{":
                index += 1
                var map = ComposeMapping()
                skipSpace()
                if scalars[index] == "}" { index += 1; return .mapping(map) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    index += 1 // ':'
                    map[key] = try value()
                    skipSpace()
                    let separator = scalars[index]
                    index += 1
                    if separator == "}" { return .mapping(map) }
                }
            case "[":
                index += 1
                var items: [ComposeNode] = []
                skipSpace()
                if scalars[index] == "]" { index += 1; return .sequence(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    let separator = scalars[index]
                    index += 1
                    if separator == "]" { return .sequence(items) }
                }
            case "\"":
                return .string(try string())
            default:
                var word = ""
                while index < scalars.count, !",]} \n".unicodeScalars.contains(scalars[index]) {
                    word.unicodeScalars.append(scalars[index])
                    index += 1
                }
                switch word {
                case "null": return .null()
                case "true": return .bool(true)
                case "false": return .bool(false)
                default:
                    if let number = Int(word) { return .int(number) }
                    if let number = Double(word) { return ComposeNode(.double(number)) }
                    throw Failure()
                }
            }
        }

        mutating func string() throws -> String {
            guard scalars[index] == "\"" else { throw Failure() }
            index += 1
            var text = ""
            while scalars[index] != "\"" {
                if scalars[index] == "\\" {
                    index += 1
                    text.unicodeScalars.append(scalars[index] == "n" ? "\n" : scalars[index])
                } else {
                    text.unicodeScalars.append(scalars[index])
                }
                index += 1
            }
            index += 1
            return text
        }
    }
}
