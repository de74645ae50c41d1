import ComposeModel
import Testing

@Suite("ComposeModel corpus")
struct ComposeModelCorpusTests {
    @Test("the corpus is present and has its accepted cases")
    func corpusPresent() {
        #expect(CorpusSupport.corpusDirectory != nil)
        #expect(CorpusSupport.caseNames.count >= 330)
    }

    @Test("every expected.json decodes into the typed model", arguments: CorpusSupport.caseNames)
    func decodes(caseName: String) throws {
        let document = try CorpusSupport.expectedDocument(caseName)
        let project = try ComposeProject(document: document)
        #expect(project.name == "corpus")
        #expect(project.services.keys.elementsEqual(project.services.keys.sorted()))
    }

    @Test("decode then encode gives back the same tree: nothing is dropped", arguments: CorpusSupport.caseNames)
    func roundTrip(caseName: String) throws {
        let document = try CorpusSupport.expectedDocument(caseName)
        let project = try ComposeProject(document: document)
        #expect(firstDifference(project.document, document) == nil)
        #expect(project.document == document)
        // Decoding the encoded tree gives the same value again.
        #expect(try ComposeProject(document: project.document) == project)
    }

    @Test("the encoded tree renders to exactly the reference's JSON text", arguments: CorpusSupport.caseNames)
    func renderedText(caseName: String) throws {
        let text = try CorpusSupport.expectedJSONText(caseName)
        // Go escapes <, > and & in JSON strings; the node renderer does not, so those cases are left out.
        guard !text.contains("\\u00") else { return }
        let project = try ComposeProject(document: CorpusSupport.expectedDocument(caseName))
        #expect(project.document.jsonString() == text)
    }
}
