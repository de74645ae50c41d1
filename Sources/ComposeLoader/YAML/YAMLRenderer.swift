import ComposeModel

/// Renders a node tree as YAML the way `docker compose config` prints it (go-yaml v3, indent 2).
///
/// Block style throughout; a sequence under a key is indented by two; a mapping inside a sequence starts
/// on the dash's line; empty collections are `{}` and `[]`. Keys are written in tree order (the caller
/// orders them). Scalars pick the style go-yaml's emitter would: plain when it reads back as the same
/// string, else single or double quotes; multi-line strings as literal blocks.
public enum YAMLRenderer {
    public static func render(_ node: ComposeNode) -> String {
        var writer = Writer()
        switch node.value {
        case .mapping(let mapping) where !mapping.isEmpty:
            writer.mapping(mapping, indent: 0, firstInline: false)
        case .sequence(let items) where !items.isEmpty:
            writer.sequence(items, indent: 0, firstInline: false)
        default:
            writer.scalarValue(node, indent: 2, leadingSpace: false)
        }
        if writer.openEnded {
            // go-yaml closes a document whose last scalar keeps trailing line breaks (`|+`).
            writer.out += "...\n"
        }
        return writer.out
    }

    /// The text being built and the little state go-yaml's emitter carries across nodes.
    struct Writer {
        var out = ""
        var openEnded = false

        mutating func mapping(_ mapping: ComposeMapping, indent: Int, firstInline: Bool) {
            var first = firstInline
            for (key, value) in mapping {
                if !first { pad(indent) }
                first = false
                let analysis = ScalarAnalysis(key)
                if analysis.multiline || key.utf8.count > 128 {
                    // Not a simple key: go-yaml writes `? key` and `: value` on their own lines.
                    out += "?"
                    scalarValue(.string(key), indent: indent + 2, leadingSpace: true)
                    pad(indent)
                    out += ":"
                    complexValue(value, indent: indent)
                    continue
                }
                out += Scalars.keyText(key, analysis: analysis)
                out += ":"
                child(value, indent: indent, inSequence: false)
            }
        }

        mutating func sequence(_ items: [ComposeNode], indent: Int, firstInline: Bool) {
            var first = firstInline
            for item in items {
                if !first { pad(indent) }
                first = false
                out += "-"
                child(item, indent: indent, inSequence: true)
            }
        }

        /// A value after `key:` or `-` at `indent`: scalars and empty collections on the same line, a
        /// collection on the next lines (or, in a sequence, starting on the dash's line).
        private mutating func child(_ node: ComposeNode, indent: Int, inSequence: Bool) {
            switch node.value {
            case .mapping(let mapping) where !mapping.isEmpty:
                if inSequence {
                    out += " "
                    self.mapping(mapping, indent: indent + 2, firstInline: true)
                } else {
                    out += "\n"
                    self.mapping(mapping, indent: indent + 2, firstInline: false)
                }
            case .sequence(let items) where !items.isEmpty:
                if inSequence {
                    out += " "
                    sequence(items, indent: indent + 2, firstInline: true)
                } else {
                    out += "\n"
                    sequence(items, indent: indent + 2, firstInline: false)
                }
            default:
                scalarValue(node, indent: indent + 2, leadingSpace: true)
            }
        }

        /// The value of a `? key` entry: collections start right after `: `.
        private mutating func complexValue(_ node: ComposeNode, indent: Int) {
            switch node.value {
            case .mapping(let mapping) where !mapping.isEmpty:
                out += " "
                self.mapping(mapping, indent: indent + 2, firstInline: true)
            case .sequence(let items) where !items.isEmpty:
                out += " "
                sequence(items, indent: indent + 2, firstInline: true)
            default:
                scalarValue(node, indent: indent + 2, leadingSpace: true)
            }
        }

        /// A scalar (or empty collection) and its line end; block scalars put their lines at `indent`.
        mutating func scalarValue(_ node: ComposeNode, indent: Int, leadingSpace: Bool) {
            if leadingSpace { out += " " }
            openEnded = false
            switch node.value {
            case .null: out += "null"
            case .bool(let flag): out += flag ? "true" : "false"
            case .int(let number): out += String(number)
            case .double(let number): out += Scalars.goFloat(number)
            case .mapping: out += "{}"
            case .sequence: out += "[]"
            case .string(let text):
                let analysis = ScalarAnalysis(text)
                if text.utf8.contains(0x0A), analysis.blockAllowed {
                    openEnded = Scalars.writeLiteral(text, indent: indent, into: &out)
                    return
                }
                out += Scalars.valueText(text, analysis: analysis)
            }
            out += "\n"
        }

        private mutating func pad(_ count: Int) {
            out += String(repeating: " ", count: count)
        }
    }
}
