import ComposeModel
import Foundation
import Testing
@testable import ComposeLoader

/// The schema on the corpus's raw YAML inputs (as parsed by `YAMLComposer`, before interpolation), and on the
/// sample projects.
@Suite("Schema on raw corpus files")
struct ValidationYAMLCorpusTests {
    /// Compose files of a case (`case.json` "files"), resolved against its workdir.
    static func composeFiles(group: String, name: String) -> [URL] {
        let folder = ValidationTestSupport.corpus.appendingPathComponent("\(group)/\(name)")
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("case.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = object["files"] as? [String]
        else { return [] }
        let workdir = folder.appendingPathComponent(object["workdir"] as? String ?? ".")
        return files.map { workdir.appendingPathComponent($0).standardizedFileURL }
    }

    static func documents(_ file: URL) throws -> [ComposeNode] {
        let text = try ComposeFileReader.read(path: file.path, limits: .default)
        return try YAMLComposer.documents(text: text, file: file.path)
    }

    /// Accepted cases whose raw files are not valid before interpolation and merging: none so far.
    static let acceptedCases: [String] = ValidationTestSupport.corpusIndex()
        .filter { $0.group == "cases" && $0.exit == 0 }.map(\.name)

    @Test("every compose file of an accepted case passes the schema as written", arguments: acceptedCases)
    func acceptedFilesPass(name: String) throws {
        let files = Self.composeFiles(group: "cases", name: name)
        #expect(!files.isEmpty)
        for file in files {
            for document in try Self.documents(file) {
                #expect(SchemaValidator.validate(document).map(\.description) == [], "\(file.lastPathComponent)")
            }
        }
    }

    /// Schema rejections: the case, its file, and the exact `line path: message` we report.
    static let rejections: [(case: String, file: String, expected: [String])] = [
        ("bad/depends-on-bad-condition", "compose.yaml",
         ["6:20 services.web.depends_on.db.condition: must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"]),
        ("bad/service-name-empty", "compose.yaml", ["2:3 services: invalid name '': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/service-name-slash", "compose.yaml", ["2:3 services: invalid name 'web/app': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/service-name-space", "compose.yaml", ["2:3 services: invalid name 'web app': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/type-environment-scalar", "compose.yaml", ["4:18 services.web.environment: must be a mapping or a list"]),
        ("bad/type-ports-string", "compose.yaml", ["4:12 services.web.ports: must be a list"]),
        ("bad/type-service-null-and-string", "compose.yaml", ["2:8 services.web: must be a mapping"]),
        ("bad/type-services-list", "compose.yaml", ["2:3 services: must be a mapping"]),
        ("bad/unknown-key-nested", "compose.yaml", ["4:7 services.web.build: additional property 'contxt' is not allowed; did you mean 'context'?"]),
        ("bad/unknown-key-service", "compose.yaml", ["3:5 services.web: additional property 'imagee' is not allowed; did you mean 'image'?"]),
        ("bad/unknown-key-top-level", "compose.yaml", ["1:1 : additional property 'servics' is not allowed; did you mean 'services'?"]),
        ("cases/cgo-extends-base", "base.yaml", ["25:7 services.nil: must be a mapping"]),
        ("cases/cgo-unit-buildnocachefilter", "compose.yml", [
            "6:7 services.string.build: additional property 'no_cache_filter' is not allowed",
            "10:7 services.list.build: additional property 'no_cache_filter' is not allowed",
        ]),
        ("cases/cgo-unit-servicehooks", "compose.yml", ["5:5 services.test: additional property 'pre_start' is not allowed; did you mean 'restart'?"]),
        ("cases/dc-wrong-composefile-compose", "compose.yaml", ["4:5 services.simple: additional property 'wrongField' is not allowed"]),
        // The loader refuses these before the schema ("top-level object must be a mapping"); the schema agrees.
        ("bad/yaml-top-level-scalar", "compose.yaml", ["1:1 : must be a mapping"]),
        ("bad/yaml-top-level-sequence", "compose.yaml", ["1:1 : must be a mapping"]),
    ]

    @Test("schema rejections of the reference are reported at the offending line", arguments: rejections.map(\.case))
    func rejected(name: String) throws {
        let entry = try #require(Self.rejections.first { $0.case == name })
        let file = ValidationTestSupport.corpus.appendingPathComponent("\(name)/\(entry.file)")
        var problems: [Diagnostic] = []
        for document in try Self.documents(file) { problems += SchemaValidator.validate(document) }
        #expect(ValidationTestSupport.render(problems) == entry.expected)
        #expect(problems.allSatisfy { $0.location?.file == file.path })
    }

    @Test("no other corpus file is rejected by the schema")
    func onlyKnownRejections() throws {
        let known = Set(Self.rejections.map { "\($0.case)/\($0.file)" })
        var unexpected: [String] = []
        for entry in ValidationTestSupport.corpusIndex() {
            for file in Self.composeFiles(group: entry.group, name: entry.name) {
                guard let documents = try? Self.documents(file) else { continue }
                let problems = documents.flatMap { SchemaValidator.validate($0) }
                let key = "\(entry.group)/\(entry.name)/\(file.lastPathComponent)"
                if !problems.isEmpty, !known.contains(key) { unexpected.append(key) }
            }
        }
        #expect(unexpected == [])
    }

    static let sampleFiles: [String] = {
        let root = ValidationTestSupport.repositoryRoot.appendingPathComponent("samples")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .map { root.appendingPathComponent($0).path }
            .sorted()
    }()

    @Test("the samples are found")
    func samplesPresent() {
        #expect(Self.sampleFiles.count >= 5)
    }

    /// Version-1 files (`legacy-fig/fig.yml`) are validated after conversion, as the loader does.
    @Test("every compose file under samples/ passes the schema", arguments: sampleFiles)
    func samples(path: String) throws {
        for document in try Self.documents(URL(fileURLWithPath: path)) {
            let converted = try LegacyConverter.convert(document, file: path).0
            #expect(SchemaValidator.validate(converted).map(\.description) == [])
        }
    }
}
