import ComposeModel
import Foundation
@testable import ComposeLoader

/// Helpers shared by the validation suites: located documents from JSON text, repository and corpus paths.
enum ValidationTestSupport {
    /// Parses JSON (or a single-quoted variant, for readable literals) into located nodes in file `t.json`.
    static func document(_ json: String) throws -> ComposeNode {
        try SchemaJSONReader.parse(json.replacingOccurrences(of: "'", with: "\""), file: "t.json")
    }

    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = URL(fileURLWithPath: "/work/shared/corpus")

    /// Case folders of a corpus group, sorted; empty when the corpus is not on this machine.
    static func corpusCases(_ group: String) -> [String] {
        let folder = corpus.appendingPathComponent(group)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".py") }.sorted()
    }

    /// `(group, name, reference exit code)` of every corpus case.
    static func corpusIndex() -> [(group: String, name: String, exit: Int)] {
        guard let text = try? String(contentsOf: corpus.appendingPathComponent("INDEX.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count > 3, let exit = Int(fields[3]) else { return nil }
            return (String(fields[0]), String(fields[1]), exit)
        }
    }

    /// Diagnostics rendered as `line:column path: message` for compact exact assertions.
    static func render(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { diagnostic in
            var text = ""
            if let location = diagnostic.location { text += "\(location.line):\(location.column) " }
            text += (diagnostic.path ?? "") + ": " + diagnostic.message
            return text
        }
    }
}
