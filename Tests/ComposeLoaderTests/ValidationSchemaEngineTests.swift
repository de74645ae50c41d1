import ComposeModel
import Testing
@testable import ComposeLoader

/// The schema engine on small hand-written schemas: every keyword, its message and its location.
@Suite("Schema engine")
struct ValidationSchemaEngineTests {
    private func problems(schema: String, _ json: String) throws -> [String] {
        let compiled = try JSONSchema.compile(schema.replacingOccurrences(of: "'", with: "\""))
        return ValidationTestSupport.render(SchemaValidator.validate(try ValidationTestSupport.document(json), against: compiled))
    }

    @Test("keywords and their messages", arguments: [
        ("{'type': 'object', 'properties': {'a': {'const': 'x'}}}", "{'a': 'y'}", ["1:7 a: must be 'x'"]),
        ("{'type': 'array', 'minItems': 2}", "[1]", ["1:1 : must have at least 2 items"]),
        ("{'type': 'array', 'maxItems': 1}", "[1, 2]", ["1:1 : must have at most 1 item"]),
        ("{'type': 'string', 'format': 'duration'}", "'5 minutes'", ["1:1 : '5 minutes' is not a valid duration"]),
        ("{'type': 'string', 'format': 'duration'}", "'1h30m'", []),
        ("{'type': 'string', 'format': 'email'}", "'anything'", []),
        ("{'anyOf': [{'type': 'integer', 'minimum': 5}, {'type': 'string'}]}", "3", ["1:1 : must be greater than or equal to 5"]),
        ("{'anyOf': [{'type': 'integer', 'minimum': 5}, {'type': 'integer', 'maximum': 4}]}", "3", []),
        ("{'oneOf': [{'type': 'integer'}, {'type': 'number'}]}", "3", ["1:1 : matches more than one of the allowed forms"]),
        ("{'oneOf': [{'type': 'integer'}, {'type': 'number'}]}", "3.5", []),
        ("{'allOf': [{'type': 'integer'}, {'maximum': 2}]}", "3", ["1:1 : must be less than or equal to 2"]),
        ("{'enum': [1, 'two', null]}", "2", ["1:1 : must be one of 1, 'two', null"]),
        ("{'enum': [1, 'two', null]}", "1.0", []),
        ("{'type': 'object', 'additionalProperties': {'type': 'integer'}}", "{'a': 'b'}", ["1:7 a: must be an integer"]),
        ("{'type': 'object', 'required': ['a', 'b']}", "{'c': 1}", ["1:1 : missing required property 'a'", "1:1 : missing required property 'b'"]),
        ("{'type': 'array', 'items': {'type': 'string'}}", "['a', 2]", ["1:7 [1]: must be a string"]),
        ("{'type': 'array', 'uniqueItems': true}", "[{'a': 1, 'b': 2}, {'b': 2, 'a': 1}, [1], [1.0]]", ["1:20 [1]: duplicate item, same as [0]", "1:43 [3]: duplicate item, same as [2]"]),
        ("{'definitions': {'d': {'type': 'boolean'}}, 'properties': {'x': {'$ref': '#/definitions/d'}}}", "{'x': 1}", ["1:7 x: must be a boolean"]),
        ("{'type': ['string', 'null']}", "[]", ["1:1 : must be a string or null"]),
        ("{'type': ['integer', 'number']}", "'1'", ["1:1 : must be a number"]),
    ])
    func keyword(schema: String, json: String, expected: [String]) throws {
        #expect(try problems(schema: schema, json) == expected)
    }

    @Test("unsupported schemas are refused at compile time", arguments: [
        "{'type': 'whatever'}", "{'$ref': '#/definitions/missing'}", "{'pattern': '(unclosed'}", "{'if': {}}", "[1]",
    ])
    func compileErrors(schema: String) {
        #expect(throws: JSONSchema.CompileError.self) { try JSONSchema.compile(schema.replacingOccurrences(of: "'", with: "\"")) }
    }

    @Test("patterns search like Go's regexp", arguments: [
        ("^x-", "x-foo", true), ("^x-", "ax-", false), ("^[a-zA-Z0-9._-]+$", "web.app_1-b", true), ("^[a-zA-Z0-9._-]+$", "web app", false),
        ("^[a-zA-Z0-9._-]+$", "", false), ("^.+$", "a\nb", false), (".+", "", false), (".+", "\n", false), ("^[a-z]+$", "nofile", true),
        ("[a-zA-Z0-9][a-zA-Z0-9_.-]+", "--a", false), ("[a-zA-Z0-9][a-zA-Z0-9_.-]+", "-ab", true),
        ("always|never|every_([0-9]+[wdhms])+", "every_1h30m", true), ("always|never|every_([0-9]+[wdhms])+", "every_h", false),
        ("always|never", "xneverx", true), ("^a(?:b|c)*d?$", "abcbc", true), ("^\\d\\w\\s$", "1_ ", true), ("^[^a-c]$", "d", true),
        ("^[^a-c]$", "b", false), ("^a\\.b$", "a.b", true), ("^a\\.b$", "axb", false),
    ])
    func pattern(source: String, text: String, matches: Bool) throws {
        let pattern = try #require(SchemaPattern(source))
        #expect(pattern.matches(text) == matches)
    }

    @Test("a hostile key cannot make pattern matching slow")
    func linearPatterns() throws {
        let pattern = try #require(SchemaPattern("^(a+)+$"))
        let text = String(repeating: "a", count: 20_000) + "!"
        let elapsed = ContinuousClock().measure { #expect(!pattern.matches(text)) }
        #expect(elapsed < .seconds(30))  // backtracking would take ages; linear takes milliseconds even when loaded
    }

    @Test("Go duration syntax", arguments: [
        ("1h30m", true), ("1.5s", true), ("-2m", true), ("0", true), ("300ms", true), ("10µs", true), (".5s", true),
        ("5 minutes", false), ("5", false), ("", false), ("1d", false), ("s", false), ("1..5s", false),
    ])
    func duration(text: String, valid: Bool) {
        #expect(GoDuration.isValid(text) == valid)
    }

    @Test("suggestions for misspelt names", arguments: [
        ("imagee", "image"), ("contxt", "context"), ("Image", "image"), ("enviroment", "environment"), ("xyz", nil), ("wrongField", nil),
    ] as [(String, String?)])
    func suggestion(name: String, expected: String?) {
        #expect(EditDistance.suggestion(for: name, among: ["image", "context", "environment", "ports"]) == expected)
    }
}
