import CYaml
import ComposeModel

/// Parses YAML text into located nodes, one per document.
///
/// Built on libyaml's event API rather than a recursive composer: the tree is assembled with an explicit
/// stack (a hostile nesting depth cannot overflow the call stack), every node and key keeps its line and
/// column, and alias expansion is counted so an alias bomb is refused before it costs time or memory.
public enum YAMLComposer {
    /// Each document of `text`; `[]` for a stream without documents (empty, or only comments).
    public static func documents(text: String, file: String, limits: YAMLLimits = .default) throws -> [ComposeNode] {
        var source = text
        return try source.withUTF8 { bytes in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw DiagnosticError(.error(at: SourceLocation(file: file, line: 1, column: 1), "yaml: out of memory"))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            if let base = bytes.baseAddress {
                yaml_parser_set_input_string(&parser, base, bytes.count)
            } else {
                var empty: UInt8 = 0
                yaml_parser_set_input_string(&parser, &empty, 0)
            }
            var builder = YAMLTreeBuilder(file: file, limits: limits)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw DiagnosticError(parserError(parser, bytes: bytes, file: file))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT {
                    break
                }
                try builder.handle(event)
            }
            return builder.documents
        }
    }

    /// libyaml's problem, located at its mark (reader errors only know a byte offset).
    private static func parserError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if problem.hasPrefix("Maximum nesting level reached") {
            // libyaml's own guard (1,000 levels, counting what its scanner has read ahead) can fire before ours.
            let location = SourceLocation(file: file, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            return .error(at: location, "yaml: exceeded max depth of \(libyamlMaxDepth)")
        }
        var message = "yaml: " + problem
        let location: SourceLocation
        switch parser.error {
        case YAML_READER_ERROR:
            location = byteLocation(offset: parser.problem_offset, bytes: bytes, file: file)
        case YAML_MEMORY_ERROR:
            location = SourceLocation(file: file, line: 1, column: 1)
        default:
            location = SourceLocation(file: file, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            if let context = parser.context {
                let line = parser.context_mark.line + 1
                let column = parser.context_mark.column + 1
                message += " (\(String(cString: context)) at line \(line), column \(column))"
            }
        }
        return .error(at: location, message)
    }

    /// libyaml's nesting limit (its `MAX_NESTING_LEVEL` default; we never change that global).
    static let libyamlMaxDepth = 1_000

    /// Line and column (in characters) of a byte offset.
    static func byteLocation(offset: Int, bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
