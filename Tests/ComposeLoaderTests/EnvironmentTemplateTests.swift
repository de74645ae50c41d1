@testable import ComposeLoader
import Testing

@Suite("Environment: template syntax")
struct EnvironmentTemplateTests {
    static let variables = ["FOO": "first", "BAR": "", "JSON": #"{"json":2}"#, "lower": "low"]

    static func run(_ text: String) -> (result: String?, error: VariableTemplate.Failure?, unset: [String]) {
        var unset: [String] = []
        do throws(VariableTemplate.Failure) {
            let result = try VariableTemplate.substitute(text, lookup: { variables[$0] }, unset: &unset)
            return (result, nil, unset)
        } catch {
            return (nil, error, unset)
        }
    }

    @Test("substitutes like compose-go", arguments: [
        ("no variables", "no variables"),
        ("$FOO", "first"),
        ("${FOO}", "first"),
        ("a $FOO b", "a first b"),
        ("$FOO$FOO", "firstfirst"),
        ("${FOO}x", "firstx"),
        ("$FOOx", ""),
        ("$lower", "low"),
        ("$$", "$"),
        ("$${FOO}", "${FOO}"),
        ("$$FOO", "$FOO"),
        ("$$$FOO", "$first"),
        ("a $ string", "a $ string"),
        ("^REGEX$", "^REGEX$"),
        ("$}", "$}"),
        ("$", "$"),
        ("$1", "$1"),
        ("$-x", "$-x"),
        ("${FOO:-d}", "first"),
        ("${BAR:-d}", "d"),
        ("${UNSET:-d}", "d"),
        ("${FOO-d}", "first"),
        ("${BAR-d}", ""),
        ("${UNSET-d}", "d"),
        ("${FOO:+alt}", "alt"),
        ("${BAR:+alt}", ""),
        ("${UNSET:+alt}", ""),
        ("${FOO+alt}", "alt"),
        ("${BAR+alt}", "alt"),
        ("${UNSET+alt}", ""),
        ("${FOO:?err}", "first"),
        ("${FOO?err}", "first"),
        ("${BAR?err}", ""),
        ("${UNSET:-}", ""),
        ("${UNSET-${FOO}}", "first"),
        ("${UNSET-$FOO}", "first"),
        ("${UNSET-${FOO} ${FOO}}", "first first"),
        ("${BAR:-${FOO}}", "first"),
        ("${BAR+$FOO ${FOO:+second}}", "first second"),
        ("+ok ${UNSET:-${BAR-defaultValue}}", "+ok "),
        ("${UNSET:-${UNSET2:-${FOO}}}", "first"),
        ("${UNSET-myerror?msg}", "myerror?msg"),
        ("${UNSET:-a}-${FOO:-b}", "a-first"),
        ("${UNSET:-a} and ${FOO}", "a and first"),
        ("${SUBDOMAIN:-redis}.${FOO:?}", "redis.first"),
        (#"ok ${missing:-{"json":1}}"#, #"ok {"json":1}"#),
        (#"ok ${missing-{"json":1}}"#, #"ok {"json":1}"#),
        (#"ok ${JSON:-{"json":1}}"#, #"ok {"json":2}"#),
        ("${UNSET:-a:b}", "a:b"),
        ("${UNSET:-http://x/y}", "http://x/y"),
        ("${UNSET:-multi\nline}", "${UNSET:-multi\nline}"),
        ("${UNSET:-é}ü", "éü"),
        ("${FOO}${FOO:-x}$FOO", "firstfirstfirst"),
    ] as [(String, String)])
    func substitutes(template: String, expected: String) throws {
        let outcome = Self.run(template)
        if template.contains("multi\nline") {
            // The argument cannot cross a line, so `${` there is an invalid expression.
            #expect(outcome.error == .invalid)
            return
        }
        #expect(outcome.error == nil)
        #expect(outcome.result == expected)
    }

    @Test("rejects what compose-go's pattern rejects", arguments: [
        "${", "${}", "${ }", "${ foo}", "${foo }", "${foo!}", "${VAR:!x}", "${VAR:}", "http://${HOST:-localhost/api",
        "${1abc}", "${FOO", "x ${} y", "${-x}", "${FOO:-a} ${", "${a.b}",
    ])
    func invalid(template: String) {
        #expect(Self.run(template).error == .invalid)
    }

    @Test("required variables", arguments: [
        ("not ok ${UNSET:?Mandatory Variable Unset}", "UNSET", "Mandatory Variable Unset"),
        ("not ok ${BAR:?Mandatory Variable Empty}", "BAR", "Mandatory Variable Empty"),
        ("not ok ${UNSET:?}", "UNSET", ""),
        ("not ok ${UNSET?Mandatory Variable Unset}", "UNSET", "Mandatory Variable Unset"),
        ("not ok ${UNSET?}", "UNSET", ""),
        ("${UNSET?bar-baz}", "UNSET", "bar-baz"),
        ("not ok ${UNSET:?Mandatory ${FOO}}", "UNSET", "Mandatory first"),
        ("${FOO:-x} ${UNSET:?must be set}", "UNSET", "must be set"),
    ] as [(String, String, String)])
    func required(template: String, variable: String, reason: String) {
        let error = Self.run(template).error
        #expect(error == .missingRequired(variable: variable, reason: reason))
    }

    @Test("deeply nested defaults are refused instead of exhausting the stack; long flat lines are fine")
    func limits() {
        let deep = String(repeating: "${A:-", count: 300) + "x" + String(repeating: "}", count: 300)
        #expect(Self.run(deep).error == .tooDeep)
        let shallow = String(repeating: "${A:-", count: 50) + "x" + String(repeating: "}", count: 50)
        #expect(Self.run(shallow).result == "x")
        let flat = String(repeating: "${UNSET:-a}${FOO}", count: 20_000)
        #expect(Self.run(flat).result == String(repeating: "afirst", count: 20_000))
    }

    @Test("required-variable messages")
    func requiredMessages() {
        #expect(VariableTemplate.Failure.missingRequired(variable: "TAG", reason: "must be set").message
            == "required variable TAG is missing a value: must be set")
        #expect(VariableTemplate.Failure.missingRequired(variable: "TAG", reason: "").message
            == "required variable TAG is missing a value")
    }

    @Test("reports unset variables read without a modifier, and those in unused defaults", arguments: [
        ("${UNSET}", ["UNSET"]),
        ("$UNSET and $UNSET", ["UNSET", "UNSET"]),
        ("${UNSET:-d}", []),
        ("${UNSET+x}", []),
        ("${FOO:-$OTHER}", ["OTHER"]),
        ("${BAR}", []),
        ("$$UNSET", []),
        ("${UNSET-${A}} ${B}", ["A", "B"]),
    ] as [(String, [String])])
    func unset(template: String, expected: [String]) {
        #expect(Self.run(template).unset == expected)
    }
}
