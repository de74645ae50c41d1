@testable import ComposeLoader
import ComposeModel
import Testing

/// End-to-end checks of the model loader on small projects under Fixtures/composition (they need the YAML
/// parser).
@Suite("Composition: loading files", .enabled(if: yamlAvailable))
struct CompositionFixtureTests {
    func load(_ folder: String, _ files: [String] = ["compose.yaml"], environment: [String: String] = [:]) throws -> (ComposeNode, [Diagnostic]) {
        let directory = compositionFixtures + "/" + folder
        let context = LoadContext(workingDirectory: directory, environment: environment, options: LoaderOptions())
        return try ModelFileLoader.load(files: files.map { ComposeFileSource(path: directory + "/" + $0) }, context: context)
    }

    func loadText(_ texts: [String], options: LoaderOptions = LoaderOptions()) throws -> (ComposeNode, [Diagnostic]) {
        let files = texts.enumerated().map { ComposeFileSource(path: "/project/f\($0.offset).yaml", content: $0.element) }
        return try ModelFileLoader.load(files: files, context: LoadContext(workingDirectory: "/project", environment: [:], options: options))
    }

    @Test("extends across files follows nested file references relative to each file")
    func extendsAcrossFiles() throws {
        let (document, _) = try load("extends", environment: ["TAG": "2"])
        let web = try #require(document["services"]?["web"])
        #expect(web["image"] == tree("root:2"))
        #expect(web["command"] == tree(["web"]) || web["command"] == tree("web"))
        #expect(document["services"]?.mapping?.keys == ["web"])
        #expect(web["extends"] == nil)
        let environment = web["environment"]
        let entries = environment?.sequence?.compactMap(\.string) ?? environment?.mapping?.map { "\($0.key)=\($0.value.scalarText ?? "")" } ?? []
        #expect(Set(entries) == ["LEVEL=app", "ORIGIN=root", "ROLE=web"])
    }

    @Test("a cycle across files is refused with the chain as written")
    func extendsCycle() {
        #expect(errorMessage { _ = try load("extends-cycle") } == """
            Circular reference:
              a in other.yaml
              extends b in compose.yaml
              extends a in other.yaml
            """)
    }

    @Test("an included project uses its own .env and adds its resources")
    func include() throws {
        let (document, _) = try load("include")
        let app = try #require(document["services"]?["app"])
        #expect(app["image"] == tree("app:1.0"))
        // The list form as written, or the mapping the canonical form makes of it.
        let environment = app["environment"]
        #expect(environment == tree(["FROM_DOTENV=yes"]) || environment == tree(["FROM_DOTENV": "yes"] as KeyValuePairs<String, Any?>))
        #expect(document["services"]?.mapping?.keys == ["web", "app"])
        #expect(document["volumes"]?.mapping?.keys == ["data"])
        #expect(document["include"] == nil)
    }

    @Test("a service defined both locally and by an include is refused")
    func includeConflict() {
        #expect(errorMessage { _ = try load("include-conflict") } == "services.app conflicts with imported resource")
    }

    @Test("an include cycle is refused with the chain")
    func includeCycle() {
        let folder = compositionFixtures + "/include-cycle"
        #expect(errorMessage { _ = try load("include-cycle") } == """
            include cycle detected:
            \(folder)/compose.yaml
             include \(folder)/other.yaml
             include \(folder)/compose.yaml
            """)
    }

    @Test("files merge in order: later scalars win, lists append, !reset empties")
    func multipleFiles() throws {
        let (document, _) = try loadText([
            "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    labels: {a: '1'}\n",
            "services:\n  web:\n    image: haproxy\n    labels: !reset {}\n    expose: ['81']\n",
        ])
        let web = try #require(document["services"]?["web"])
        #expect(web["image"] == tree("haproxy"))
        #expect(web["labels"] == nil)
        #expect(web["expose"] == tree(["81"]))
        #expect(web["ports"]?.sequence?.count == 1)
    }

    @Test("two YAML documents in one file are merged")
    func twoDocuments() throws {
        let (document, _) = try loadText(["services:\n  a:\n    image: a\n---\nservices:\n  b:\n    image: b\n"])
        #expect(document["services"]?.mapping?.keys == ["a", "b"])
    }

    @Test("version is dropped with one warning per file")
    func version() throws {
        let (document, warnings) = try loadText(["version: '3'\nservices:\n  a:\n    image: a\n"])
        #expect(document["version"] == nil)
        #expect(warnings.map(\.message) == [
            "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        ])
        #expect(warnings.first?.location?.file == "/project/f0.yaml")
        #expect(warnings.first?.location?.line == 1)
    }

    @Test("the top level must be a mapping")
    func topLevel() {
        #expect(errorMessage { _ = try loadText(["- a\n- b\n"]) } == "top-level object must be a mapping")
    }
}
