import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Where the conformance corpus lives on the development machine.
let compositionCorpusRoot = "/work/shared/corpus"

/// The corpus cases that exercise extends, include, profiles and multi-file merges, loaded through the
/// whole pipeline and compared with docker compose's output (only where the shared corpus is present).
@Suite("Composition: corpus cases", .enabled(if: FileManager.default.fileExists(atPath: compositionCorpusRoot)))
struct CompositionCorpusTests {
    static let root = compositionCorpusRoot

    static let cases = [
        "cgo-cli-simple-with-overrides", "cgo-combined-compose", "cgo-compose-include", "cgo-compose-test-extends",
        "cgo-compose-test-extends-with-context-url", "cgo-extends-depends-on", "cgo-extends-interpolated",
        "cgo-extends-nested", "cgo-extends-ports", "cgo-extends-reset", "cgo-extends-sibling",
        "cgo-extends-withdir-compose", "cgo-include-compose", "cgo-include-project-directory",
        "dc-build-test-profiles-compose", "dc-profiles-compose", "dc-profiles-docker-compose",
        "dc-publish-compose-local-include", "dc-publish-compose-with-extends", "dc-publish-oci-extends", "dc-watch-include",
    ]

    static let failing: [(group: String, name: String, message: String)] = [
        ("bad", "extends-cycle", "Circular reference:\n  a in <CASE>/compose.yaml\n  extends b in <CASE>/compose.yaml\n  extends a in <CASE>/compose.yaml"),
        ("bad", "extends-cycle-across-files", "Circular reference:\n  a in other.yaml\n  extends b in compose.yaml\n  extends a in other.yaml"),
        ("bad", "extends-missing-file", "open <CASE>/base.yaml: no such file or directory"),
        ("bad", "extends-missing-service", "cannot extend service \"web\" in <CASE>/compose.yaml: service \"nothere\" not found in base.yaml"),
        ("bad", "include-missing-file", "open <CASE>/missing/compose.yaml: no such file or directory"),
        ("cases", "cgo-compose-include-cycle",
         "include cycle detected:\n<CASE>/compose-include-cycle.yaml\n include <CASE>/compose-include-cycle.yaml"),
    ]

    struct CaseFile: Decodable {
        var files: [String]
        var workdir: String
        var env: [String: String]
    }

    func load(group: String, name: String) throws -> LoadedProject {
        let folder = "\(Self.root)/\(group)/\(name)"
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/case.json"))
        let spec = try JSONDecoder().decode(CaseFile.self, from: data)
        let workdir = URL(fileURLWithPath: folder + "/" + spec.workdir).standardizedFileURL.path
        var environment = spec.env
        environment["HOME"] = "/tmp/corpus-home"
        environment["PWD"] = workdir
        let request = ProjectRequest(
            files: spec.files.map { ComposeFileSource(path: URL(fileURLWithPath: workdir + "/" + $0).standardizedFileURL.path) },
            projectName: "corpus",
            processEnvironment: environment
        )
        return try ProjectLoader.load(request)
    }

    @Test("the same JSON as docker compose", arguments: cases)
    func sameJSON(_ name: String) throws {
        let folder = "\(Self.root)/cases/\(name)"
        let project = try load(group: "cases", name: name)
        let expectedText = try String(contentsOfFile: folder + "/expected.json", encoding: .utf8)
            .replacingOccurrences(of: "/__CORPUS__/cases/\(name)", with: folder)
        let expected = try JSONSerialization.jsonObject(with: Data(expectedText.utf8)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(project.document.jsonString().utf8)) as? NSDictionary
        #expect(actual == expected)
    }

    @Test("refused with the reference's message", arguments: failing.indices)
    func refused(_ index: Int) {
        let test = Self.failing[index]
        let folder = "\(Self.root)/\(test.group)/\(test.name)"
        let message = errorMessage { _ = try load(group: test.group, name: test.name) }
        #expect(message == test.message.replacingOccurrences(of: "<CASE>", with: folder))
    }
}
