import ComposeModel
import Foundation

/// Renders diagnostics for a terminal: the one-line form, then the source line with a caret under the column.
///
/// Only compose files are quoted (`Diagnostic.showsSource`); file contents are read once per file.
public struct DiagnosticRenderer {
    public var colors: Bool
    private var lineCache: [String: [Substring]] = [:]

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public mutating func render(_ diagnostic: Diagnostic) -> String {
        let label = diagnostic.severity == .error ? paint("error", code: "31;1") : paint("warning", code: "33;1")
        var head = ""
        if let location = diagnostic.location { head += "\(location): " }
        head += "\(label): "
        if let path = diagnostic.path, !path.isEmpty { head += "\(path): " }
        head += diagnostic.message
        guard diagnostic.showsSource, let location = diagnostic.location, let line = sourceLine(location) else {
            return head
        }
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let caretColumn = max(location.column - 1, 0)
        let prefix = line.prefix(caretColumn).map { $0 == "\t" ? "\t" : " " }.joined()
        return """
        \(head)
        \(pad) |
        \(gutter) | \(line)
        \(pad) | \(prefix)\(paint("^", code: "32;1"))
        """
    }

    public mutating func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) }.joined(separator: "\n")
    }

    private mutating func sourceLine(_ location: SourceLocation) -> Substring? {
        if lineCache[location.file] == nil {
            guard let data = FileManager.default.contents(atPath: location.file),
                  data.count <= 64 << 20,
                  let text = String(data: data, encoding: .utf8)
            else { return nil }
            lineCache[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = lineCache[location.file], location.line >= 1, location.line <= lines.count else { return nil }
        let line = lines[location.line - 1]
        return line.hasSuffix("\r") ? line.dropLast() : line
    }

    private func paint(_ text: String, code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
