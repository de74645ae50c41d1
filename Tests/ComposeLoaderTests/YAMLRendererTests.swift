import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Converts JSONSerialization output to a node tree (tests only).
func nodeFromJSON(_ value: Any) -> ComposeNode {
    switch value {
    case let dictionary as [String: Any]:
        var mapping = ComposeMapping()
        for key in dictionary.keys.sorted() {
            mapping[key] = dictionary[key].map(nodeFromJSON) ?? .null()
        }
        return .mapping(mapping)
    case let array as [Any]:
        return .sequence(array.map(nodeFromJSON))
    case let text as String:
        return .string(text)
    case let number as NSNumber:
        switch String(cString: number.objCType) {
        case "c", "B": return .bool(number.boolValue)
        case "d", "f": return ComposeNode(.double(number.doubleValue))
        default: return .int(number.intValue)
        }
    default:
        return .null()
    }
}

@Suite("YAML renderer")
struct YAMLRendererTests {
    private func value(_ node: ComposeNode) -> String {
        YAMLRenderer.render(.mapping(ComposeMapping([("k", node)])))
    }

    @Test("strings are quoted only when they would read back differently", arguments: [
        ("nginx:1.25", "k: nginx:1.25\n"),
        ("it's", "k: it's\n"),
        ("echo \"hi\"", "k: echo \"hi\"\n"),
        ("", "k: \"\"\n"),
        ("yes", "k: \"yes\"\n"),
        ("Off", "k: \"Off\"\n"),
        ("true", "k: \"true\"\n"),
        ("null", "k: \"null\"\n"),
        ("~", "k: \"~\"\n"),
        ("0440", "k: \"0440\"\n"),
        ("80", "k: \"80\"\n"),
        ("1.5", "k: \"1.5\"\n"),
        ("1e3", "k: \"1e3\"\n"),
        (".inf", "k: \".inf\"\n"),
        ("12:30", "k: \"12:30\"\n"),
        ("190:20:30.15", "k: \"190:20:30.15\"\n"),
        ("2001-12-14", "k: \"2001-12-14\"\n"),
        ("2001-12-14t21:59:43.10-05:00", "k: \"2001-12-14t21:59:43.10-05:00\"\n"),
        ("2001-02-30", "k: 2001-02-30\n"),
        ("<<", "k: \"<<\"\n"),
        ("*.foo", "k: '*.foo'\n"),
        ("- x", "k: '- x'\n"),
        ("-x", "k: -x\n"),
        ("a: b", "k: 'a: b'\n"),
        ("a:b", "k: a:b\n"),
        ("a #b", "k: 'a #b'\n"),
        ("a#b", "k: a#b\n"),
        (" lead", "k: ' lead'\n"),
        ("trail ", "k: 'trail '\n"),
        ("---", "k: '---'\n"),
        ("{x}", "k: '{x}'\n"),
        ("x{y}", "k: x{y}\n"),
        ("tab\there", "k: \"tab\\there\"\n"),
        ("bell\u{7}", "k: \"bell\\a\"\n"),
        ("é ü", "k: é ü\n"),
        ("nbsp\u{A0}x", "k: nbsp\u{A0}x\n"),
        ("smile 😀", "k: \"smile \\U0001F600\"\n"),
        ("bom\u{FEFF}", "k: \"bom\\uFEFF\"\n"),
        ("C:\\docker\\project", "k: C:\\docker\\project\n"),
        ("$${VAR}", "k: $${VAR}\n"),
        ("'\u{301}x", "k: '''\u{301}x'\n"),
        ("---\u{301}", "k: '---\u{301}'\n"),
        ("1_0\u{301}", "k: 1_0\u{301}\n"),
    ])
    func quoting(text: String, expected: String) {
        #expect(value(.string(text)) == expected)
    }

    @Test("multi-line strings are literal blocks with go-yaml's chomping and indentation hints", arguments: [
        ("a\nb", "k: |-\n  a\n  b\n"),
        ("a\nb\n", "k: |\n  a\n  b\n"),
        ("a\n\nb\n", "k: |\n  a\n\n  b\n"),
        ("a\n\n", "k: |+\n  a\n\n...\n"),
        ("\n", "k: |2+\n\n...\n"),
        ("\nabc", "k: |2-\n\n  abc\n"),
        (" a\nb", "k: |2-\n   a\n  b\n"),
        ("a \nb", "k: \"a \\nb\"\n"),
        ("a\n b", "k: |-\n  a\n   b\n"),
        ("a\nb ", "k: \"a\\nb \"\n"),
        ("a\r\nb", "k: \"a\\r\\nb\"\n"),
        ("a\n\tb", "k: |-\n  a\n  \tb\n"),
        ("a\n\u{361}", "k: |-\n  a\n  \u{361}\n"),
    ])
    func literal(text: String, expected: String) {
        #expect(value(.string(text)) == expected)
    }

    @Test("other scalars", arguments: [
        (ComposeNode.null(), "k: null\n"),
        (.bool(true), "k: true\n"),
        (.int(-42), "k: -42\n"),
        (ComposeNode(.double(0.5)), "k: 0.5\n"),
        (ComposeNode(.double(1)), "k: 1\n"),
        (ComposeNode(.double(-2.25)), "k: -2.25\n"),
        (ComposeNode(.double(123456.5)), "k: 123456.5\n"),
        (ComposeNode(.double(1e6)), "k: 1e+06\n"),
        (ComposeNode(.double(1.5e-7)), "k: 1.5e-07\n"),
        (ComposeNode(.double(0.0001)), "k: 0.0001\n"),
        (ComposeNode(.double(1.2345678901234567e300)), "k: 1.2345678901234567e+300\n"),
        (ComposeNode(.double(.infinity)), "k: .inf\n"),
        (ComposeNode(.double(-.infinity)), "k: -.inf\n"),
        (ComposeNode(.double(.nan)), "k: .nan\n"),
        (.mapping(ComposeMapping()), "k: {}\n"),
        (.sequence([]), "k: []\n"),
    ])
    func scalars(node: ComposeNode, expected: String) {
        #expect(value(node) == expected)
    }

    @Test("block layout: nested mappings, sequences of mappings and of sequences")
    func layout() {
        let tree = ComposeNode.mapping(ComposeMapping([
            ("services", .mapping(ComposeMapping([
                ("web", .mapping(ComposeMapping([
                    ("command", .sequence([.string("sleep"), .string("infinity")])),
                    ("ports", .sequence([
                        .mapping(ComposeMapping([("target", .int(80)), ("published", .string("8080"))])),
                        .mapping(ComposeMapping([("target", .int(443))])),
                    ])),
                    ("matrix", .sequence([.sequence([.int(1), .int(2)]), .sequence([]), .mapping(ComposeMapping())])),
                    ("deep", .sequence([.mapping(ComposeMapping([
                        ("list", .sequence([.string("a")])),
                        ("map", .mapping(ComposeMapping([("x", .string("multi\nline"))]))),
                    ]))])),
                    ("labels", .mapping(ComposeMapping([("80", .string("x")), ("a b", .string("y"))]))),
                ]))),
            ]))),
        ]))
        let expected = """
        services:
          web:
            command:
              - sleep
              - infinity
            ports:
              - target: 80
                published: "8080"
              - target: 443
            matrix:
              - - 1
                - 2
              - []
              - {}
            deep:
              - list:
                  - a
                map:
                  x: |-
                    multi
                    line
            labels:
              "80": x
              a b: "y"

        """
        #expect(YAMLRenderer.render(tree) == expected)
    }

    @Test("keys that cannot be simple keys use the ? form")
    func complexKeys() throws {
        let long = String(repeating: "k", count: 130)
        let tree = ComposeNode.mapping(ComposeMapping([
            ("a\nb", .string("v")),
            (long, .mapping(ComposeMapping([("x", .int(1)), ("y", .int(2))]))),
        ]))
        let text = YAMLRenderer.render(tree)
        #expect(text == "? |-\n  a\n  b\n: v\n? \(long)\n: x: 1\n  \"y\": 2\n")
        #expect(try composeOne(text) == tree)
    }

    @Test("an empty document renders as {}")
    func emptyRoot() {
        #expect(YAMLRenderer.render(.mapping(ComposeMapping())) == "{}\n")
    }

    @Test("rendering then parsing gives back the tree, for every JSON output of the corpus",
          .enabled(if: Corpus.available))
    func roundTripCorpus() throws {
        var checked = 0
        for folder in Corpus.folders("cases") + Corpus.folders("bad") {
            guard let data = FileManager.default.contents(atPath: folder + "/expected.json") else { continue }
            let tree = nodeFromJSON(try JSONSerialization.jsonObject(with: data))
            let text = YAMLRenderer.render(tree)
            let back = try composeOne(text)
            #expect(back == tree, "\(folder)")
            checked += 1
        }
        #expect(checked > 300)
    }

    @Test("docker compose's own YAML output is reproduced byte for byte", .enabled(if: Corpus.available))
    func reproduceExpectedYAML() throws {
        var checked = 0
        var mismatches: [String] = []
        for folder in Corpus.folders("cases") + Corpus.folders("bad") {
            let path = folder + "/expected.yaml"
            guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let tree = try composeOne(expected)
            let rendered = YAMLRenderer.render(tree)
            if rendered != expected {
                let got = rendered.split(separator: "\n", omittingEmptySubsequences: false)
                let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
                let gotLine = line < got.count ? String(got[line]) : "<end>"
                let wantLine = line < want.count ? String(want[line]) : "<end>"
                mismatches.append("\(folder) line \(line + 1): got \(gotLine) want \(wantLine)")
            }
            checked += 1
        }
        #expect(mismatches == [])
        #expect(checked > 300)
    }
}

@Suite("YAML map key order")
struct YAMLKeyOrderTests {
    @Test("keys sort like go-yaml's map keys", arguments: [
        (["b", "a", "B"], ["B", "a", "b"]),
        (["a10", "a2", "a1"], ["a1", "a2", "a10"]),
        (["x1", "x_1", "xa"], ["x_1", "x1", "xa"]),
        (["10", "1_", "1a"], ["1a", "1_", "10"]),
        (["a", "ab", ""], ["", "a", "ab"]),
        (["com.example.b", "com.example.a", "com.docker.x"], ["com.docker.x", "com.example.a", "com.example.b"]),
        (["v01", "v1", "v001"], ["v1", "v01", "v001"]),
        (["PATH", "HOME", "_X", "2"], ["_X", "2", "HOME", "PATH"]),
    ])
    func order(keys: [String], expected: [String]) {
        #expect(keys.sorted(by: YAMLRenderer.keyPrecedes) == expected)
    }
}
