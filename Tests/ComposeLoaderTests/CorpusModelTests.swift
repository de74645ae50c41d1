import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Every corpus project the loader accepts must also decode into the typed model: the canonical document
/// and the model describe the same thing.
@Suite("Corpus: loaded projects decode into the typed model")
struct CorpusModelTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/cases")

    static func caseNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(Self.caseNames().count > 300)
    }

    @Test("loads and decodes", arguments: caseNames())
    func decodes(name: String) throws {
        let directory = Self.corpus.appendingPathComponent(name)
        let caseData = try Data(contentsOf: directory.appendingPathComponent("case.json"))
        guard let meta = try JSONSerialization.jsonObject(with: caseData) as? [String: Any],
              let files = meta["files"] as? [String] else {
            Issue.record("unreadable case.json")
            return
        }
        let expectedExit = try String(contentsOf: directory.appendingPathComponent("expected-exit-code.txt"), encoding: .utf8)
        guard expectedExit.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else { return }
        let workdir = directory.appendingPathComponent(meta["workdir"] as? String ?? ".").standardizedFileURL
        var environment = ["HOME": "/tmp/corpus-home", "PATH": "/usr/bin:/bin"]
        for (key, value) in meta["env"] as? [String: String] ?? [:] { environment[key] = value }
        let request = ProjectRequest(
            files: files.map { ComposeFileSource(path: workdir.appendingPathComponent($0).standardizedFileURL.path) },
            projectName: "corpus",
            processEnvironment: environment
        )
        let project = try ProjectLoader.load(request)
        let model = try project.model()
        #expect(model.services.count == project.document["services"]?.mapping?.count ?? 0)
        #expect(model.document == project.document)
    }
}
