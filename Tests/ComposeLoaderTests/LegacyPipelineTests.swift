import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// The whole loader on a version-1 file: `compose config` of NAME.yml must equal docker compose v2.40.3's
/// `config` of our recorded conversion (NAME.v2-config.json), so the conversion composes with every later
/// phase exactly as the reference treats the converted file.
@Suite("Legacy files through the whole loader")
struct LegacyPipelineTests {
    private func load(_ path: String, project: String) throws -> LoadedProject {
        try ProjectLoader.load(ProjectRequest(
            files: [ComposeFileSource(path: path)], projectName: project, processEnvironment: ["HOME": "/tmp/legacy-home"]
        ))
    }

    @Test("config of a version-1 file equals the reference's config of its conversion", arguments: LegacyGoldenTests.fixtures)
    func config(name: String) throws {
        let directory = LegacyFixtures.directory.standardizedFileURL.path
        let project = try load("\(directory)/\(name).yml", project: "legacy")
        let expectedText = try LegacyFixtures.text("\(name).v2-config.json")
            .replacingOccurrences(of: LegacyFixtures.directoryPlaceholder, with: directory)
        let expected = try JSONDecoder().decode(LegacyJSONNode.self, from: Data(expectedText.utf8)).node
        let actual = try JSONDecoder().decode(LegacyJSONNode.self, from: Data(project.document.jsonString().utf8)).node
        #expect(actual == expected, "ours:\n\(project.document.jsonString())")
        let conversions = project.warnings.filter { $0.message.hasPrefix("version 1 file converted:") }
        #expect(conversions.count == 1)
        #expect(conversions.first?.location == SourceLocation(file: "\(directory)/\(name).yml", line: 1, column: 1))
    }

    @Test("the legacy-fig sample loads, converted")
    func sample() throws {
        let path = LegacySamplesTests.samples.appendingPathComponent("legacy-fig/fig.yml").standardizedFileURL.path
        let project = try load(path, project: "legacy-fig")
        #expect(project.document["services"]?.mapping?.keys.sorted() == ["db", "redis", "sidecar", "web", "worker"])
        #expect(project.document["services"]?["sidecar"]?["network_mode"] == .string("service:web"))
        #expect(project.document["volumes"]?["pgdata"]?["name"] == .string("pgdata"))
        #expect(project.warnings.contains { $0.message.hasPrefix("version 1 file converted:") })
    }
}
