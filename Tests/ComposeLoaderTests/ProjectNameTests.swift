@testable import ComposeLoader
import Testing

@Suite("Project name")
struct ProjectNameTests {
    @Test("normalises like docker compose", arguments: [
        ("My App", "myapp"),
        ("__x-Y_z", "x-y_z"),
        ("web.2", "web2"),
        ("ok_name-1", "ok_name-1"),
    ])
    func normalize(input: String, expected: String) {
        #expect(ProjectName.normalize(input) == expected)
    }

    @Test("only normalised names are valid with -p")
    func validity() {
        #expect(ProjectName.isValid("demo"))
        #expect(!ProjectName.isValid("Demo"))
        #expect(!ProjectName.isValid(""))
    }
}

@Suite("Top-level name scan")
struct NameScanTests {
    @Test("finds block-style top-level name keys", arguments: [
        ("name: demo\nservices: {}\n", true),
        ("services:\n  web:\n    container_name: x\n", false),
        ("\"name\": demo\n", true),
        ("{\"services\": {}, \"name\": \"x\"}", true),
        ("services:\n  name:\n    image: x\n", false),
        ("names: x\n", false),
    ])
    func scan(text: String, expected: Bool) {
        #expect(ProjectLoader.mayDeclareName(text) == expected)
    }
}
