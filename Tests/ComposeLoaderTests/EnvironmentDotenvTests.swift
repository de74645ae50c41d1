import Foundation
import ComposeLoader
import ComposeModel
import OrderedCollections
import Testing

@Suite("Environment: dotenv files")
struct EnvironmentDotenvTests {
    static let file = "/project/.env"

    static func parse(_ text: String, _ lookup: [String: String] = [:]) throws -> [String: String] {
        Dictionary(try Dotenv.parse(text, file: file, lookup: { lookup[$0] }).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    static func error(_ text: String, format: Dotenv.Format = .dotenv) -> [Diagnostic] {
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        do {
            _ = try Dotenv.parse(text, file: file, format: format, into: &values, lookup: { _ in nil })
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics
        } catch {
            return [.error(at: nil, "unexpected \(error)")]
        }
    }

    @Test("single statements", arguments: [
        ("FOO=bar", "FOO", "bar"),
        ("FOO =bar", "FOO", "bar"),
        ("FOO= bar", "FOO", "bar"),
        (#"FOO="bar""#, "FOO", "bar"),
        ("FOO='bar'", "FOO", "bar"),
        (#"FOO="escaped\"bar""#, "FOO", #"escaped"bar"#),
        (#"FOO="\"quoted\"""#, "FOO", #""quoted""#),
        (#"FOO="'d'""#, "FOO", "'d'"),
        ("OPTION_A: 1", "OPTION_A", "1"),
        ("OPTION_A: Foo=bar", "OPTION_A", "Foo=bar"),
        ("OPTION_A=1:B", "OPTION_A", "1:B"),
        ("export OPTION_A=2", "OPTION_A", "2"),
        (#"export OPTION_B='\n'"#, "OPTION_B", #"\n"#),
        ("export exportFoo=2", "exportFoo", "2"),
        ("exportFOO=2", "exportFOO", "2"),
        ("export_FOO =2", "export_FOO", "2"),
        ("export.FOO= 2", "export.FOO", "2"),
        ("export\tOPTION_A=2", "OPTION_A", "2"),
        ("  export OPTION_A=2", "OPTION_A", "2"),
        (#"export OPTION_A="export A""#, "OPTION_A", "export A"),
        (#"FOO="bar\nbaz""#, "FOO", "bar\nbaz"),
        (#"FOO=a\tb"#, "FOO", #"a\tb"#),
        (#"FOO="a\tb""#, "FOO", "a\tb"),
        (#"KEY="Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\Z\0123Z""#, "KEY", "Z\u{07}Z\u{08}Z\u{0C}Z\nZ\rZ\tZ\u{0B}Z\\ZSZ"),
        ("FOO.BAR=foobar", "FOO.BAR", "foobar"),
        ("VAR-WITH-DASHES=x", "VAR-WITH-DASHES", "x"),
        ("ARR[0]=x", "ARR[0]", "x"),
        ("ÜBER=x", "ÜBER", "x"),
        ("FOO=foobar=", "FOO", "foobar="),
        ("FOO=bar ", "FOO", "bar"),
        ("FOO=bar # this is foo", "FOO", "bar"),
        ("FOO=bar #this is foo", "FOO", "bar"),
        ("FOO=bar #", "FOO", "bar"),
        ("FOO=123#not-a-comment", "FOO", "123#not-a-comment"),
        ("FOO=bar\t# tab does not start a comment", "FOO", "bar\t# tab does not start a comment"),
        (#"FOO="bar#baz""#, "FOO", "bar#baz"),
        (##"FOO="bar#baz"#"##, "FOO", "bar#baz"),
        (#"FOO="bar#baz" # comment"#, "FOO", "bar#baz"),
        ("FOO='bar#baz' # comment", "FOO", "bar#baz"),
        (#"FOO="bar\n\ b\az""#, "FOO", "bar\n\\ b\u{07}z"),
        (#"FOO="bar\\\n\ b\az""#, "FOO", "bar\\\n\\ b\u{07}z"),
        (#"FOO="bar\\r\ b\az""#, "FOO", "bar\\r\\ b\u{07}z"),
        (#"FOO="bar\nbaz\\""#, "FOO", "bar\nbaz\\"),
        (#"="value""#, "", "value"),
        (" KEY =value", "KEY", "value"),
        ("\tKEY=value", "KEY", "value"),
        (#"KEY="\0123""#, "KEY", "S"),
        (#"KEY="\012""#, "KEY", #"\012"#),
        (#"KEY="\0777""#, "KEY", #"\0777"#),
        (#"KEY="\x07""#, "KEY", #"\x07"#),
        (#"KEY="\u12e4""#, "KEY", #"\u12e4"#),
        (#"KEY="\c""#, "KEY", #"\c"#),
        ("KEY='it\\'s'", "KEY", "it's"),
        ("KEY='a\\\\b'", "KEY", "a\\\\b"),
        ("KEY=\"a\\'b\"", "KEY", "a\\'b"),
        ("FOO=bar\r\n", "FOO", "bar"),
        ("FOO=", "FOO", ""),
        ("FOO=   ", "FOO", ""),
        ("FOO= #x", "FOO", "#x"),
        ("\u{FEFF}FOO=bom", "FOO", "bom"),
    ] as [(String, String, String)])
    func statements(line: String, key: String, value: String) throws {
        var text = line
        if text.unicodeScalars.first == "\u{FEFF}" {
            // The BOM is removed when a file is read; parse(_:) takes text as given.
            text.unicodeScalars.removeFirst()
        }
        let values = try Self.parse(text)
        #expect(values == [key: value])
    }

    @Test("a quoted value may span lines; later statements keep their lines")
    func multiLine() throws {
        let text = """
        OPTION_I = "echo 'asd'" # Inline comment
        OPTION_J = 'first line
        second line
        third line'
        OPTION_K='Let\\'s go!'
        OPTION_Z = "last value"
        TEST_URLS="stratum+tcp://a:3333
        stratum+tcp://b:443"
        """
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        _ = try Dotenv.parse(text, file: Self.file, format: .dotenv, into: &values, lookup: { _ in nil })
        #expect(values.keys.elements == ["OPTION_I", "OPTION_J", "OPTION_K", "OPTION_Z", "TEST_URLS"])
        #expect(values["OPTION_I"]?.value == "echo 'asd'")
        #expect(values["OPTION_J"]?.value == "first line\nsecond line\nthird line")
        #expect(values["OPTION_K"]?.value == "Let's go!")
        #expect(values["OPTION_Z"]?.value == "last value")
        #expect(values["TEST_URLS"]?.value == "stratum+tcp://a:3333\nstratum+tcp://b:443")
        #expect(values.values.map { $0.location?.line } == [1, 2, 5, 6, 7])
    }

    @Test("comments, blank lines and CRLF are skipped")
    func ignoredLines() throws {
        let values = try Self.parse("\n\r\n\t\t \n# Comment\n\t # comment\nA=1\r\n# trailing")
        #expect(values == ["A": "1"])
    }

    @Test("interpolation: the lookup first, then earlier keys; single quotes are literal")
    func interpolation() throws {
        let text = """
        OPTION_A=1
        OPTION_B=${OPTION_A}
        OPTION_C=$OPTION_B
        OPTION_D=${OPTION_A}_${OPTION_B}
        OPTION_E=${OPTION_NOT_DEFINED}
        OPTION_F='$OPTION_A'
        OPTION_G="quote $OPTION_A"
        OPTION_H="foo\\$OPTION_A ${OPTION_A}"
        OPTION_I="foo\\${BAR}"
        OPTION_J=${OPTION_NOT_DEFINED:-fallback}
        """
        #expect(try Self.parse(text) == [
            "OPTION_A": "1", "OPTION_B": "1", "OPTION_C": "1", "OPTION_D": "1_1", "OPTION_E": "",
            "OPTION_F": "$OPTION_A", "OPTION_G": "quote 1", "OPTION_H": "foo$OPTION_A 1", "OPTION_I": "foo${BAR}",
            "OPTION_J": "fallback",
        ])
        // The environment wins over the file's own earlier keys (compose-go's lookup order).
        let withLookup = try Self.parse(text, ["OPTION_A": "5"])
        #expect(withLookup["OPTION_A"] == "1")
        #expect(withLookup["OPTION_B"] == "5")
        #expect(withLookup["OPTION_D"] == "5_5")
    }

    @Test("bare keys come from the lookup, or are left out")
    func inherited() throws {
        #expect(try Self.parse("FOUND\nMISSING\nA=1", ["FOUND": "yes"]) == ["FOUND": "yes", "A": "1"])
        #expect(try Self.parse("FOUND  \r\nB=2", ["FOUND": "x"]) == ["FOUND": "x", "B": "2"])
        // At the very end of the text, compose-go reads the line as the value of an empty key.
        #expect(try Self.parse("A=1\nLAST", ["LAST": "x"]) == ["A": "1", "": "LAST"])
    }

    @Test("reports unset variables as warnings at their line")
    func warnings() throws {
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        let warnings = try Dotenv.parse("A=1\nB=${NOPE}\nC=\"$NOPE2\"\nD='$NOPE3'", file: Self.file, format: .dotenv, into: &values, lookup: { _ in nil })
        #expect(warnings == [
            .warning(at: SourceLocation(file: Self.file, line: 2, column: 1), #"The "NOPE" variable is not set. Defaulting to a blank string."#),
            .warning(at: SourceLocation(file: Self.file, line: 3, column: 1), #"The "NOPE2" variable is not set. Defaulting to a blank string."#),
        ])
    }

    @Test("errors give the file and line and never the line's content", arguments: [
        ("TAG=alpine\nthis line is not an assignment\n", 2, 1, "key cannot contain a space"),
        ("A B=1", 1, 1, "key cannot contain a space"),
        ("GOOD=1\nBAD=\"unterminated\nALSO=2\n", 2, 1, "unterminated quoted value"),
        (#"KEY=""#, 1, 1, "unterminated quoted value"),
        (#"KEY="value\""#, 1, 1, "unterminated quoted value"),
        (#"KEY="value'"#, 1, 1, "unterminated quoted value"),
        ("KEY='", 1, 1, "unterminated quoted value"),
        ("KEY='value\\'", 1, 1, "unterminated quoted value"),
        ("# c\n\nlol$wut", 3, 4, #"unexpected character "$" in variable name"#),
        ("  pass!word", 1, 7, #"unexpected character "!" in variable name"#),
        ("A=${B:?secret-free message}", 1, 1, "required variable B is missing a value: secret-free message"),
        ("A=${}", 1, 1, "invalid interpolation format"),
        ("A=1\n\nB=\"x\n\ny\"\nC=${", 6, 1, "invalid interpolation format"),
    ] as [(String, Int, Int, String)])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect(Self.error(text) == [.error(at: SourceLocation(file: Self.file, line: line, column: column), message)])
    }

    @Test("raw format: values taken literally")
    func raw() throws {
        let text = """
        TEST_VAR='{"key": "value"}'
          # comment
        QUOTED="a b"
        DOLLAR=$HOME ${X} \\n
        TRAILING=x\u{20}\u{20}
        EMPTY=
        BARE
        EQ=a=b\r
        """
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        let warnings = try Dotenv.parse(text, file: Self.file, format: .raw, into: &values, lookup: { $0 == "BARE" ? "from-env" : nil })
        #expect(warnings.isEmpty)
        #expect(values.mapValues(\.value) == [
            "TEST_VAR": #"'{"key": "value"}'"#, "QUOTED": #""a b""#, "DOLLAR": #"$HOME ${X} \n"#, "TRAILING": "x  ",
            "EMPTY": "", "BARE": "from-env", "EQ": "a=b",
        ])
        #expect(values["QUOTED"]?.location?.line == 3)
    }

    @Test("raw format errors", arguments: [
        ("=x", 1, "failed to parse env_file /project/.env: no variable name on line 1"),
        ("OK=1\nA B=x", 2, "failed to parse env_file /project/.env: variable on line 2 contains whitespaces"),
        ("A\tB=x", 1, "failed to parse env_file /project/.env: variable on line 1 contains whitespaces"),
    ] as [(String, Int, String)])
    func rawErrors(text: String, line: Int, message: String) {
        #expect(Self.error(text, format: .raw) == [.error(at: SourceLocation(file: Self.file, line: line, column: 1), message)])
    }

    @Test("format names", arguments: [
        (nil, Dotenv.Format.dotenv), ("", .dotenv), (".env", .dotenv), ("raw", .raw),
    ] as [(String?, Dotenv.Format?)])
    func formats(name: String?, expected: Dotenv.Format?) {
        #expect(Dotenv.Format(name: name) == expected)
        #expect(Dotenv.Format(name: "yaml") == nil)
    }

    @Test("a file's byte-order mark is removed")
    func byteOrderMark() throws {
        let directory = try EnvironmentTrees.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try EnvironmentTrees.write("\u{FEFF}OPTION_A=1\nOPTION_B=2", to: directory, "bom.env")
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        _ = try Dotenv.parseFile(at: path, format: .dotenv, into: &values, reference: nil, lookup: { _ in nil })
        #expect(values.mapValues(\.value) == ["OPTION_A": "1", "OPTION_B": "2"])
    }
}
