@testable import ComposeLoader
import ComposeModel
import Testing

@Suite("Composition: extends within a file")
struct CompositionExtendsTests {
    let scope = LoadScope(workingDirectory: "/project", environment: [:], options: LoaderOptions(), id: 0)

    func extend(_ document: ComposeNode) throws -> ComposeNode {
        var run = ModelLoadRun()
        let (stripped, tags) = MergeTags.extract(document)
        return try run.applyExtends(stripped, file: "/project/compose.yaml", scope: scope, tags: tags)
    }

    @Test("a service starts from the one it extends")
    func sameFile() throws {
        let document = services([
            "base": ["image": "alpine", "environment": ["A": "1"] as KeyValuePairs<String, Any?>, "ports": ["80:80"]] as KeyValuePairs<String, Any?>,
            "web": ["extends": "base", "environment": ["B": "2"] as KeyValuePairs<String, Any?>, "ports": ["81:81"]] as KeyValuePairs<String, Any?>,
        ])
        let web = try #require(try extend(document)["services"]?["web"])
        #expect(web == tree([
            "image": "alpine",
            "environment": ["A=1", "B=2"],
            "ports": ["80:80", "81:81"],
        ] as KeyValuePairs<String, Any?>))
    }

    @Test("extends chains resolve from the deepest base, in the long form too")
    func chain() throws {
        let document = services([
            "a": ["extends": ["service": "b"] as KeyValuePairs<String, Any?>, "command": "a"] as KeyValuePairs<String, Any?>,
            "b": ["extends": "c", "user": "b"] as KeyValuePairs<String, Any?>,
            "c": ["image": "c", "command": "c", "user": "c"] as KeyValuePairs<String, Any?>,
        ])
        let result = try extend(document)
        #expect(result["services"]?["a"] == tree(["image": "c", "command": "a", "user": "b"] as KeyValuePairs<String, Any?>))
        #expect(result["services"]?["b"] == tree(["image": "c", "command": "c", "user": "b"] as KeyValuePairs<String, Any?>))
    }

    @Test("a cycle is refused with the chain")
    func cycle() {
        let document = services([
            "a": ["image": "busybox", "extends": "b"] as KeyValuePairs<String, Any?>,
            "b": ["image": "busybox", "extends": "a"] as KeyValuePairs<String, Any?>,
        ])
        #expect(errorMessage { _ = try extend(document) } == """
            Circular reference:
              a in /project/compose.yaml
              extends b in /project/compose.yaml
              extends a in /project/compose.yaml
            """)
    }

    @Test("extending a missing service names it")
    func missing() {
        let document = services(["web": ["extends": "nothere"] as KeyValuePairs<String, Any?>])
        #expect(errorMessage { _ = try extend(document) }
            == "cannot extend service \"web\" in /project/compose.yaml: service \"nothere\" not found")
    }

    @Test("the long form needs a service")
    func serviceRequired() {
        let document = services(["web": ["extends": ["file": "x.yaml"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>])
        #expect(errorMessage { _ = try extend(document) } == "extends.web.service is required")
    }

    @Test("a service that is not a mapping is refused")
    func notMapping() {
        #expect(errorMessage { _ = try extend(services(["web": "nginx"])) } == "services.web must be a mapping")
        #expect(errorMessage { _ = try extend(tree(["services": ["web"]] as KeyValuePairs<String, Any?>)) } == "services must be a mapping")
    }

    @Test("!reset in the extending service drops the base's value")
    func reset() throws {
        let document = services([
            "init": ["image": "alpine", "command": "sleep infinity"] as KeyValuePairs<String, Any?>,
            "base": ["extends": ["service": "init"] as KeyValuePairs<String, Any?>, "command": tagged(.reset, nil)] as KeyValuePairs<String, Any?>,
        ])
        let result = try extend(document)
        #expect(result["services"]?["base"] == tree(["image": "alpine"] as KeyValuePairs<String, Any?>))
        #expect(result["services"]?["init"]?["command"] == tree("sleep infinity"))
    }

    @Test("!override in the extending service replaces the base's value")
    func override() throws {
        let document = services([
            "base": ["image": "alpine", "ports": ["80:80"]] as KeyValuePairs<String, Any?>,
            "web": ["extends": "base", "ports": tagged(.override, ["81:81"])] as KeyValuePairs<String, Any?>,
        ])
        #expect(try extend(document)["services"]?["web"]?["ports"] == tree(["81:81"]))
    }

    @Test("a null service is left for the schema to report")
    func nullService() throws {
        let document = services(["base": ["image": "x"] as KeyValuePairs<String, Any?>, "nil": nil])
        #expect(try extend(document)["services"]?["nil"]?.isNull == true)
    }
}

@Suite("Composition: merge tags")
struct CompositionMergeTagTests {
    @Test("!reset nodes are removed and both tags are recorded")
    func extract() {
        let document = services(["web": [
            "image": "x",
            "ports": tagged(.reset, [] as [Any?]),
            "labels": tagged(.override, ["a": "1"] as KeyValuePairs<String, Any?>),
        ] as KeyValuePairs<String, Any?>])
        let (stripped, tags) = MergeTags.extract(document)
        #expect(stripped["services"]?["web"]?.mapping?.keys == ["image", "labels"])
        var base = tree(["services": ["web": ["ports": ["1:1"], "labels": ["b": "2"] as KeyValuePairs<String, Any?>, "user": "u"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>).mapping ?? ComposeMapping()
        tags.apply(to: &base)
        #expect(ComposeNode.mapping(base) == tree(["services": ["web": ["user": "u"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>))
    }
}
