import ComposeModel
import Testing

@Suite("ComposeNode")
struct ComposeNodeTests {
    @Test("renders JSON like Go's MarshalIndent, keys in tree order")
    func jsonRendering() {
        var mapping = ComposeMapping()
        mapping["name"] = .string("demo")
        mapping["count"] = .int(2)
        mapping["list"] = .sequence([.bool(true), .null(), ComposeNode(.double(0.5))])
        mapping["empty"] = .mapping(ComposeMapping())
        mapping["quote"] = .string("a\"b\n\u{1}")
        let json = ComposeNode.mapping(mapping).jsonString()
        #expect(json == """
        {
          "name": "demo",
          "count": 2,
          "list": [
            true,
            null,
            0.5
          ],
          "empty": {},
          "quote": "a\\"b\\n\\u0001"
        }
        """)
    }

    @Test("equality ignores locations")
    func equalityIgnoresLocation() {
        let a = ComposeNode.string("x", at: SourceLocation(file: "a", line: 1, column: 1))
        let b = ComposeNode.string("x", at: SourceLocation(file: "b", line: 9, column: 3))
        #expect(a == b)
        #expect(ComposeNode.int(1) == ComposeNode(.double(1)))
        #expect(ComposeNode.int(1) != ComposeNode.string("1"))
    }

    @Test("mapping keeps insertion order and key locations; removal works")
    func mappingOrder() {
        var mapping = ComposeMapping()
        let location = SourceLocation(file: "f", line: 3, column: 5)
        mapping.set("b", .int(1), keyLocation: location)
        mapping["a"] = .int(2)
        #expect(mapping.keys == ["b", "a"])
        #expect(mapping.keyLocation("b") == location)
        mapping["b"] = nil
        #expect(mapping.keys == ["a"])
    }
}
