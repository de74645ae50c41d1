@testable import ComposeLoader
import ComposeModel
import Testing

@Suite("Composition: include")
struct CompositionIncludeTests {
    let scope = LoadScope(workingDirectory: "/p", environment: [:], options: LoaderOptions(), id: 0)

    @Test("an include of a file already being loaded is refused with the chain")
    func cycle() {
        var run = ModelLoadRun()
        let document = tree(["include": ["b.yaml"]] as KeyValuePairs<String, Any?>)
        #expect(errorMessage { _ = try run.applyInclude(document, scope: scope, included: ["/p/a.yaml", "/p/b.yaml"]) } == """
            include cycle detected:
            /p/a.yaml
             include /p/b.yaml
             include /p/b.yaml
            """)
    }

    @Test("include must be a list")
    func notAList() {
        var run = ModelLoadRun()
        let document = tree(["include": "b.yaml"] as KeyValuePairs<String, Any?>)
        #expect(errorMessage { _ = try run.applyInclude(document, scope: scope, included: []) } == "`include` must be a list, got b.yaml")
    }

    @Test("a missing included file is named")
    func missingFile() {
        var run = ModelLoadRun()
        let document = tree(["include": [["path": "./missing/compose.yaml"] as KeyValuePairs<String, Any?>]] as KeyValuePairs<String, Any?>)
        #expect(errorMessage { _ = try run.applyInclude(document, scope: scope, included: []) }
            == "open /p/missing/compose.yaml: no such file or directory")
    }

    @Test("imported resources are added; the same definition twice is fine, a different one is refused")
    func importResources() throws {
        let imported = tree([
            "services": ["a": ["image": "a"] as KeyValuePairs<String, Any?>, "b": ["image": "b"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
            "volumes": ["data": [:] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        var target = tree(["services": ["a": ["image": "a"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        try ModelLoadRun.importResources(imported, into: &target, location: nil, path: "include[0]")
        #expect(ComposeNode.mapping(target)["services"]?.mapping?.keys == ["a", "b"])
        #expect(ComposeNode.mapping(target)["volumes"]?.mapping?.keys == ["data"])

        var conflicting = tree(["services": ["b": ["image": "other"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        #expect(errorMessage { try ModelLoadRun.importResources(imported, into: &conflicting, location: nil, path: "include[0]") }
            == "services.b conflicts with imported resource")
    }

    @Test("bare environment names take their value from the included project's environment")
    func environment() {
        let dict = tree([
            "services": ["a": ["environment": ["FOO", "BAR=1", "MISSING"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
            "configs": ["c": ["environment": "FOO"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        let resolved = ComposeNode.mapping(ModelLoadRun.resolveEnvironment(dict, ["FOO": "x", "BAR=1": "no"]))
        #expect(resolved["services"]?["a"]?["environment"] == tree(["FOO=x", "BAR=1=no", "MISSING"]))
        #expect(resolved["configs"]?["c"]?["content"] == tree("x"))
    }
}

@Suite("Composition: include environment, mapping form")
struct CompositionIncludeEnvironmentTests {
    @Test("a null entry of an environment mapping takes the included project's value")
    func mappingForm() {
        let dict = tree(["services": ["a": ["environment": ["FOO": nil, "BAR": "1", "MISSING": nil] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        let resolved = ComposeNode.mapping(ModelLoadRun.resolveEnvironment(dict, ["FOO": "x", "BAR": "no"]))
        #expect(resolved["services"]?["a"]?["environment"] == tree(["FOO": "x", "BAR": "1", "MISSING": nil] as KeyValuePairs<String, Any?>))
    }
}
