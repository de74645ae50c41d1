import ComposeModel
import Foundation
import Testing
@testable import ComposeLoader

/// Whole corpus cases through the loader, compared with docker compose's `config` output (JSON and YAML).
@Suite("Canonical: corpus golden cases", .enabled(if: Corpus.available))
struct CanonicalGoldenTests {
    static let cases = [
        "cgo-unit-portsshortsyntax", "cgo-unit-blkioconfig", "cgo-unit-deployresources", "cgo-unit-buildconfig",
        "cgo-unit-toplevelnetworks", "cgo-unit-healthcheck", "cgo-unit-volumebindcreatehostpathdefault",
        "cgo-unit-servicesecrets", "cgo-unit-ulimits", "cgo-unit-extrahostslist", "ac-react-express-mysql",
        "dc-port-range-compose",
    ]

    @Test("the loader's canonical JSON equals the reference's", arguments: cases)
    func golden(name: String) throws {
        let folder = Corpus.root + "/cases/" + name
        let project = try load(name)
        let actual = try JSONSerialization.jsonObject(with: Data(project.document.jsonString().utf8)) as? NSDictionary
        let expectedText = try String(contentsOfFile: folder + "/expected.json", encoding: .utf8)
            .replacingOccurrences(of: "/__CORPUS__", with: Corpus.root)
        let expected = try JSONSerialization.jsonObject(with: Data(expectedText.utf8)) as? NSDictionary
        #expect(actual == expected)
    }

    @Test("the YAML flavour renders the reference's expected.yaml byte for byte", arguments: cases)
    func goldenYAML(name: String) throws {
        let project = try load(name)
        let yaml = YAMLRenderer.render(try ProjectNormalizer.typed(project.document, format: .yaml))
        let expected = try String(contentsOfFile: Corpus.root + "/cases/" + name + "/expected.yaml", encoding: .utf8)
            .replacingOccurrences(of: "/__CORPUS__", with: Corpus.root)
        #expect(yaml == expected)
    }

    private func load(_ name: String) throws -> LoadedProject {
        let folder = Corpus.root + "/cases/" + name
        let spec = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/case.json"))) as? [String: Any]
        )
        let files = (spec["files"] as? [String] ?? []).map { folder + "/" + $0 }
        var environment = ["HOME": "/tmp/corpus-home"]
        for (key, value) in spec["env"] as? [String: String] ?? [:] { environment[key] = value }
        let request = ProjectRequest(
            files: files.map { ComposeFileSource(path: $0) }, projectName: "corpus", processEnvironment: environment
        )
        return try ProjectLoader.load(request)
    }
}
