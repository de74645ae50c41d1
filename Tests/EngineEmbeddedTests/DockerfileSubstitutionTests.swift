@testable import EngineEmbedded
import Testing

@Suite("Dockerfile variable substitution")
struct DockerfileSubstitutionTests {
    static let variables = ["FOO": "/bar", "EMPTY": "", "MULTI": "a b", "name": "x"]

    static func word(_ text: String, escape: Character = "\\") throws -> String {
        try DockerfileShellLexer(escape: escape, variables: variables).expandWord(text)
    }

    static func words(_ text: String) throws -> [String] {
        try DockerfileShellLexer(variables: variables).expandWords(text)
    }

    @Test("Docker's documented forms", arguments: [
        ("$FOO", "/bar"), ("${FOO}", "/bar"), ("${FOO}/baz", "/bar/baz"), ("$FOO_x", ""), ("${UNSET}", ""),
        ("${UNSET:-word}", "word"), ("${EMPTY:-word}", "word"), ("${FOO:-word}", "/bar"),
        ("${UNSET-word}", "word"), ("${EMPTY-word}", ""),
        ("${FOO:+word}", "word"), ("${EMPTY:+word}", ""), ("${UNSET:+word}", ""), ("${EMPTY+word}", "word"),
        ("${UNSET:-$FOO}", "/bar"), ("${UNSET:-${name}y}", "xy"),
        ("\\$FOO", "$FOO"), ("\\${FOO}", "${FOO}"), ("'$FOO'", "$FOO"), ("\"$FOO\"", "/bar"), ("\"\\$FOO\"", "$FOO"),
        ("\"a\\b\"", "a\\b"), ("a\\ b", "a b"), ("$", "$"), ("a$-b", "a$-b"), ("$1", ""), ("\"it's\"", "it's"),
    ])
    func documented(text: String, expected: String) throws {
        #expect(try Self.word(text) == expected)
    }

    @Test("with escape=` the backslash is literal and the backtick escapes")
    func backtickEscape() throws {
        #expect(try Self.word("c:\\$FOO", escape: "`") == "c:\\/bar")
        #expect(try Self.word("`$FOO", escape: "`") == "$FOO")
    }

    @Test("word splitting: unquoted expansions split, quoted text does not, empty quotes make a word")
    func splitting() throws {
        #expect(try Self.words("a  \"b c\" $MULTI '' ${EMPTY}") == ["a", "b c", "a", "b", ""])
        #expect(try Self.words("\"$MULTI\"") == ["a b"])
    }

    @Test("errors: ${VAR:?message}, unterminated braces and quotes, unknown modifiers")
    func errors() {
        func failure(_ text: String) -> String? {
            do {
                _ = try Self.word(text)
                return nil
            } catch {
                return (error as? DockerfileShellLexer.Failure)?.message
            }
        }
        #expect(failure("${UNSET:?must be set}") == "UNSET: must be set")
        #expect(failure("${EMPTY:?}") == "EMPTY: is not allowed to be unset")
        #expect(failure("${FOO") == "missing '}' in substitution")
        #expect(failure("'abc") == "unexpected end of statement while looking for matching single-quote")
        #expect(failure("${FOO/a/b}") == "unsupported modifier (/) in substitution of FOO")
    }
}
