import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Where the conformance corpus lives on the build machine; the corpus suites skip when it is absent.
enum Corpus {
    static let root = "/work/shared/corpus"
    static var available: Bool { FileManager.default.fileExists(atPath: root + "/cases") }

    static func folders(_ group: String) -> [String] {
        let base = root + "/" + group
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.sorted().map { base + "/" + $0 }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Every YAML file of a case folder (recursively), except the reference's own output.
    static func yamlFiles(in folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasSuffix(".yml") || name.hasSuffix(".yaml"), !name.hasPrefix("expected") else { continue }
            files.append(folder + "/" + relative)
        }
        return files.sorted()
    }

    static func compose(_ path: String) throws -> [ComposeNode] {
        try YAMLComposer.documents(text: ComposeFileReader.read(path: path), file: path)
    }
}

@Suite("YAML corpus", .enabled(if: Corpus.available))
struct YAMLCorpusTests {
    @Test("every YAML file of the accepted and rejected cases parses, unless the reference saw a YAML error")
    func allCaseFiles() throws {
        var parsed = 0
        var problems: [String] = []
        for folder in Corpus.folders("cases") {
            let errorFile = folder + "/expected-error.txt"
            if let error = try? String(contentsOfFile: errorFile, encoding: .utf8),
               error.contains("yaml:") || error.contains("already defined") {
                continue
            }
            for file in Corpus.yamlFiles(in: folder) {
                do {
                    _ = try Corpus.compose(file)
                    parsed += 1
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        #expect(problems == [])
        #expect(parsed > 350)
    }

    @Test("bad YAML inputs are refused at the right place", arguments: [
        ("yaml-bad-indentation", "4:11 yaml: mapping values are not allowed in this context"),
        ("yaml-tab-indent", "3:1 yaml: found character that cannot start any token (while scanning for the next token at line 3, column 1)"),
        ("yaml-tab-indent-nested", "5:5 yaml: found character that cannot start any token (while scanning for the next token at line 5, column 5)"),
        ("yaml-unclosed-double-quote", "5:10 yaml: did not find expected key (while parsing a block mapping at line 3, column 5)"),
        ("yaml-unclosed-flow-sequence", "5:1 yaml: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 12)"),
        ("yaml-unclosed-single-quote", "4:1 yaml: found unexpected end of stream (while scanning a quoted scalar at line 3, column 12)"),
        ("yaml-undefined-alias", "4:18 yaml: unknown anchor 'common-env' referenced"),
        ("yaml-duplicate-key-in-service", "4:5 mapping key \"image\" already defined at line 3"),
        ("yaml-duplicate-service", "6:3 mapping key \"web\" already defined at line 2"),
        ("yaml-duplicate-top-level-key", "4:1 mapping key \"services\" already defined at line 1"),
        ("yaml-deep-nesting", "4:10 yaml: exceeded max depth of 1000"),
        ("yaml-billion-laughs", "9:10 yaml: document contains excessive aliasing (aliases expand to more than 100000 nodes)"),
        ("binary-file", "1:1 yaml: control characters are not allowed"),
    ])
    func badInputs(name: String, expected: String) {
        let path = Corpus.root + "/bad/" + name + "/compose.yaml"
        // How fast each is refused is checked on the release binary by scripts/corpus-check.py.
        let message = failure { try Corpus.compose(path) }
        #expect(message == expected)
    }

    @Test("inputs the reference accepts despite looking odd")
    func oddButAccepted() throws {
        let small = try Corpus.compose(Corpus.root + "/bad/yaml-alias-expansion-small/compose.yaml")
        let expanded = try #require(small.first?["x-c"]?.sequence)
        #expect(expanded.count == 4)
        #expect(expanded.allSatisfy { $0.sequence?.count == 4 && $0.sequence?.first?.sequence?.count == 4 })
        #expect(try Corpus.compose(Corpus.root + "/bad/yaml-multiple-documents/compose.yaml").count == 2)
        #expect(try Corpus.compose(Corpus.root + "/bad/comment-only-file/compose.yaml") == [])
        #expect(try Corpus.compose(Corpus.root + "/bad/empty-file/compose.yaml") == [])
        let utf16 = try Corpus.compose(Corpus.root + "/bad/utf16-file/compose.yaml")
        #expect(utf16.first?["services"]?.mapping?.isEmpty == false)
    }
}
