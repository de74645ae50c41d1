import ComposeLoader
import ComposeModel
import Testing

/// Parses one document (tests only).
func composeOne(_ text: String, limits: YAMLLimits = .default) throws -> ComposeNode {
    let documents = try YAMLComposer.documents(text: text, file: "test.yaml", limits: limits)
    guard documents.count == 1, let first = documents.first else {
        throw DiagnosticError(.error(at: nil, "expected one document, got \(documents.count)"))
    }
    return first
}

/// The single diagnostic thrown by `body` as `file:line:col: message` (path dropped), or nil.
func failure(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as DiagnosticError {
        guard let diagnostic = error.diagnostics.first else { return "no diagnostic" }
        let place = diagnostic.location.map { "\($0.line):\($0.column)" } ?? "-"
        return "\(place) \(diagnostic.message)"
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("YAML composer: scalars")
struct YAMLScalarTests {
    @Test("plain scalars resolve like go-yaml v3", arguments: [
        ("", ComposeNode.Value.null),
        ("~", .null),
        ("null", .null),
        ("NULL", .null),
        ("nil", .string("nil")),
        ("true", .bool(true)),
        ("False", .bool(false)),
        ("yes", .string("yes")),
        ("on", .string("on")),
        ("off", .string("off")),
        ("n", .string("n")),
        ("42", .int(42)),
        ("+5", .int(5)),
        ("-17", .int(-17)),
        ("0", .int(0)),
        ("0x1F", .int(31)),
        ("-0x10", .int(-16)),
        ("0o17", .int(15)),
        ("0440", .int(288)),
        ("0b101", .int(5)),
        ("1_000", .int(1000)),
        ("08", .double(8)),
        ("1.5", .double(1.5)),
        ("1.", .double(1)),
        (".5", .double(0.5)),
        ("-2.5e3", .double(-2500)),
        ("1e3", .double(1000)),
        (".inf", .double(.infinity)),
        ("-.Inf", .double(-.infinity)),
        ("1e400", .string("1e400")),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("12:30", .string("12:30")),
        ("2001-12-14", .string("2001-12-14")),
        ("0x", .string("0x")),
        ("1.2.3", .string("1.2.3")),
        ("-a", .string("-a")),
        ("nginx:1.25", .string("nginx:1.25")),
        ("'42'", .string("42")),
        ("\"true\"", .string("true")),
        ("''", .string("")),
        ("!!str 42", .string("42")),
        ("!!int \"42\"", .int(42)),
        ("!!float 3", .double(3)),
        ("!!bool 'true'", .bool(true)),
        ("!!null ''", .null),
        ("!custom 42", .string("42")),
        ("! 42", .string("42")),
    ])
    func plain(text: String, expected: ComposeNode.Value) throws {
        let node = try composeOne("v: \(text)\n")
        #expect(node["v"] == ComposeNode(expected))
        #expect(node["v"]?.kindName == ComposeNode(expected).kindName)
    }

    @Test(".nan is a NaN double")
    func nan() throws {
        let node = try composeOne("v: .NaN\n")
        #expect(node["v"]?.double?.isNaN == true)
    }

    @Test("block scalars are strings")
    func blocks() throws {
        let node = try composeOne("a: |\n  42\n  x\nb: >-\n  true\n  y\n")
        #expect(node["a"] == .string("42\nx\n"))
        #expect(node["b"] == .string("true y"))
    }

    @Test("a standard tag that does not fit the text is an error")
    func tagMismatch() {
        #expect(failure { try composeOne("a:\n  b: !!int abc\n") } == "2:6 yaml: cannot decode !!str `abc` as a !!int")
        #expect(failure { try composeOne("a: !!bool yes\n") } == "1:4 yaml: cannot decode !!str `yes` as a !!bool")
    }

    @Test("!reset and !override set the merge tag")
    func mergeTags() throws {
        let node = try composeOne("a: !reset\nb: !reset []\nc: !override\n  - 1\nd: !override 8080\ne: x\n")
        #expect(node["a"]?.isNull == true)
        #expect(node["a"]?.mergeTag == .reset)
        #expect(node["b"] == .sequence([]))
        #expect(node["b"]?.mergeTag == .reset)
        #expect(node["c"] == .sequence([.int(1)]))
        #expect(node["c"]?.mergeTag == .override)
        #expect(node["d"] == .int(8080))
        #expect(node["d"]?.mergeTag == .override)
        #expect(node["e"]?.mergeTag == nil)
    }
}

@Suite("YAML composer: structure")
struct YAMLStructureTests {
    @Test("nodes and keys carry 1-based lines and columns")
    func locations() throws {
        let text = """
        services:
          web:
            image: nginx
            ports:
              - "80:80"
              - target: 443
        """
        let root = try composeOne(text)
        #expect(root.location == SourceLocation(file: "test.yaml", line: 1, column: 1))
        let services = try #require(root["services"]?.mapping)
        #expect(services.keyLocation("web") == SourceLocation(file: "test.yaml", line: 2, column: 3))
        let web = try #require(root["services"]?["web"])
        #expect(web.location == SourceLocation(file: "test.yaml", line: 3, column: 5))
        #expect(web.mapping?.keyLocation("ports") == SourceLocation(file: "test.yaml", line: 4, column: 5))
        #expect(web["image"]?.location == SourceLocation(file: "test.yaml", line: 3, column: 12))
        let ports = try #require(web["ports"]?.sequence)
        #expect(ports[0].location == SourceLocation(file: "test.yaml", line: 5, column: 9))
        #expect(ports[1].location == SourceLocation(file: "test.yaml", line: 6, column: 9))
        #expect(ports[1]["target"]?.location == SourceLocation(file: "test.yaml", line: 6, column: 17))
        #expect(ports[1] == .mapping(ComposeMapping([("target", .int(443))])))
    }

    @Test("keys keep file order")
    func order() throws {
        let root = try composeOne("z: 1\na: 2\nm: 3\n")
        #expect(root.mapping?.keys == ["z", "a", "m"])
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let root = try composeOne("é: ü\n")
        #expect(root["é"]?.location?.column == 4)
    }

    @Test("several documents are all returned; a stream of comments has none")
    func documents() throws {
        let docs = try YAMLComposer.documents(text: "a: 1\n---\nb: 2\n", file: "f.yaml")
        #expect(docs == [.mapping(ComposeMapping([("a", .int(1))])), .mapping(ComposeMapping([("b", .int(2))]))])
        #expect(docs[1]["b"]?.location == SourceLocation(file: "f.yaml", line: 3, column: 4))
        #expect(try YAMLComposer.documents(text: "# nothing\n# here\n", file: "f.yaml").isEmpty)
        #expect(try YAMLComposer.documents(text: "", file: "f.yaml").isEmpty)
        #expect(try YAMLComposer.documents(text: "---\n", file: "f.yaml") == [.null()])
    }

    @Test("a duplicate key is reported at the duplicate")
    func duplicates() {
        let text = "services:\n  web:\n    image: a\n    image: b\n"
        #expect(failure { try composeOne(text) } == "4:5 mapping key \"image\" already defined at line 3")
        #expect(failure { try composeOne("a: 1\n'a': 2\n") } == "2:1 mapping key \"a\" already defined at line 1")
    }

    @Test("keys must be strings")
    func keyTypes() throws {
        #expect(failure { try composeOne("80: x\n") } == "1:1 non-string key at top level: 80")
        #expect(failure { try composeOne("services:\n  web:\n    true: x\n") }
            == "3:5 non-string key in services.web: true")
        #expect(failure { try composeOne("? [a]\n: b\n") } == "1:3 yaml: invalid map key: a array cannot be a key")
        #expect(try composeOne("'80': x\n")["80"] == .string("x"))
    }
}

@Suite("YAML composer: anchors and merges")
struct YAMLAnchorTests {
    @Test("aliases copy the anchored node; the copy's root sits at the alias")
    func aliases() throws {
        let root = try composeOne("x: &e {A: '1'}\ny: *e\n")
        #expect(root["y"] == .mapping(ComposeMapping([("A", .string("1"))])))
        #expect(root["y"]?.location == SourceLocation(file: "test.yaml", line: 2, column: 4))
        #expect(root["y"]?["A"]?.location == SourceLocation(file: "test.yaml", line: 1, column: 11))
    }

    @Test("merge keys: explicit keys win, earlier merged maps win")
    func merges() throws {
        let text = """
        x-base: &base
          image: busybox
          environment: {A: "1"}
        x-more: &more
          image: nginx
          restart: always
        services:
          a:
            <<: *base
            image: alpine
          b:
            <<: [*more, *base]
          c:
            image: own
            <<: {image: merged, user: root}
        """
        let root = try composeOne(text)
        let a = try #require(root["services"]?["a"])
        #expect(a["image"] == .string("alpine"))
        #expect(a["environment"] == .mapping(ComposeMapping([("A", .string("1"))])))
        #expect(a["<<"] == nil)
        let b = try #require(root["services"]?["b"])
        #expect(b["image"] == .string("nginx"))
        #expect(b["restart"] == .string("always"))
        #expect(b["environment"]?["A"] == .string("1"))
        #expect(b.mapping?.count == 3)
        let c = try #require(root["services"]?["c"])
        #expect(c == .mapping(ComposeMapping([("image", .string("own")), ("user", .string("root"))])))
        #expect(c.mapping?.keyLocation("user") == SourceLocation(file: "test.yaml", line: 15, column: 25))
    }

    @Test("a merge value must be a mapping or a sequence of mappings")
    func badMerge() {
        #expect(failure { try composeOne("a:\n  <<: 5\n") }
            == "2:7 yaml: map merge requires map or sequence of maps as the value")
        #expect(failure { try composeOne("a:\n  <<: [{b: 1}, 2]\n") }
            == "2:7 yaml: map merge requires map or sequence of maps as the value")
    }

    @Test("an undefined alias is an error at the alias")
    func undefinedAlias() {
        #expect(failure { try composeOne("a:\n  b: *nope\n") } == "2:6 yaml: unknown anchor 'nope' referenced")
        #expect(failure { try composeOne("a: &a [*a]\n") } == "1:8 yaml: unknown anchor 'a' referenced")
    }

    @Test("anchors belong to their document")
    func anchorsPerDocument() {
        #expect(failure { try YAMLComposer.documents(text: "a: &x 1\n---\nb: *x\n", file: "t") }
            == "3:4 yaml: unknown anchor 'x' referenced")
    }
}

@Suite("YAML composer: limits and syntax errors")
struct YAMLLimitTests {
    @Test("nesting deeper than the limit is refused")
    func depth() throws {
        let limits = YAMLLimits(maxFileBytes: 1 << 20, maxDepth: 3, maxAliasExpansion: 100)
        #expect(try composeOne("a: {b: {c: 1}}\n", limits: limits)["a"]?["b"]?["c"] == .int(1))
        #expect(failure { try composeOne("a: {b: {c: [1]}}\n", limits: limits) } == "1:12 yaml: exceeded max depth of 3")
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure { try composeOne("a: " + deep) } == "1:5 yaml: exceeded max depth of 1000")
    }

    @Test("alias expansion beyond the budget is refused")
    func aliasBomb() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        let message = failure { try composeOne(text) }
        #expect(message == "6:8 yaml: document contains excessive aliasing (aliases expand to more than 100000 nodes)")
    }

    @Test("libyaml errors keep libyaml's wording and position", arguments: [
        ("a:\n  b: 1\n   c: 2\n", "3:5 yaml: mapping values are not allowed in this context"),
        ("a:\n\t- b\n", "2:1 yaml: found character that cannot start any token (while scanning for the next token at line 2, column 1)"),
        ("a: [1, 2\n", "2:1 yaml: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)"),
        ("a: 'x\n", "2:1 yaml: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)"),
        ("a: \u{1}\n", "1:4 yaml: control characters are not allowed"),
    ])
    func syntax(text: String, expected: String) {
        #expect(failure { try composeOne(text) } == expected)
    }
}
