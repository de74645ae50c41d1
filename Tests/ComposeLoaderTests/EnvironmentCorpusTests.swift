import ComposeLoader
import ComposeModel
import Testing

/// The corpus's interpolation failures (bad/interp-*, bad/type-*), their trees written by hand as the YAML
/// reader would produce them. The reference's message is quoted beside each case.
@Suite("Environment: corpus bad inputs")
struct EnvironmentCorpusTests {
    typealias T = EnvironmentTrees

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var attributes: [(String, ComposeNode)]
        var environment: [String: String] = [:]
        var path: String
        var message: String
        /// The reference's stderr, for the reader.
        var reference: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "interp-bad-modifier",
            attributes: [("image", T.string("nginx", 3)), ("environment", T.map(4, [("X", T.string("${VAR:!x}", 5, 10))]))],
            path: "services.web.environment.X",
            message: #"invalid interpolation format "${VAR:!x}": you may need to escape any $ with another $"#,
            reference: "invalid interpolation format for services.web.environment.X.\nYou may need to escape any $ with another $.\n${VAR:!x}"
        ),
        Case(
            name: "interp-empty-name",
            attributes: [("image", T.string("nginx", 3)), ("environment", T.map(4, [("X", T.string("${}", 5, 10))]))],
            path: "services.web.environment.X",
            message: #"invalid interpolation format "${}": you may need to escape any $ with another $"#,
            reference: "invalid interpolation format for services.web.environment.X.\nYou may need to escape any $ with another $.\n${}"
        ),
        Case(
            name: "interp-unclosed-brace",
            attributes: [("image", T.string("nginx", 3)), ("environment", T.map(4, [("URL", T.string("http://${HOST:-localhost/api", 5, 12))]))],
            path: "services.web.environment.URL",
            message: #"invalid interpolation format "http://${HOST:-localhost/api": you may need to escape any $ with another $"#,
            reference: "invalid interpolation format for services.web.environment.URL.\nYou may need to escape any $ with another $.\nhttp://${HOST:-localhost/api"
        ),
        Case(
            name: "interp-in-key-required",
            attributes: [("image", T.string("nginx", 3)), ("ports", T.seq(4, [T.string("${PORT:?set PORT}:80", 5, 9)]))],
            path: "services.web.ports[0]",
            message: "required variable PORT is missing a value: set PORT",
            reference: "error while interpolating services.web.ports.[]: required variable PORT is missing a value: set PORT"
        ),
        Case(
            name: "interp-required-empty",
            attributes: [("image", T.string("nginx:${TAG:?TAG cannot be empty}", 3, 12))],
            environment: ["TAG": ""],
            path: "services.web.image",
            message: "required variable TAG is missing a value: TAG cannot be empty",
            reference: "error while interpolating services.web.image: required variable TAG is missing a value: TAG cannot be empty"
        ),
        Case(
            name: "interp-required-no-message",
            attributes: [("image", T.string("nginx:${TAG?}", 3, 12))],
            path: "services.web.image",
            message: "required variable TAG is missing a value",
            reference: "error while interpolating services.web.image: required variable TAG is missing a value"
        ),
        Case(
            name: "interp-required-with-message",
            attributes: [("image", T.string("nginx:${TAG:?must be set}", 3, 12))],
            path: "services.web.image",
            message: "required variable TAG is missing a value: must be set",
            reference: "error while interpolating services.web.image: required variable TAG is missing a value: must be set"
        ),
        Case(
            name: "type-cpus-word",
            attributes: [("image", T.string("nginx", 3)), ("cpus", T.string("lots", 4, 11))],
            path: "services.web.cpus",
            message: #"failed to cast to expected type: strconv.ParseFloat: parsing "lots": invalid syntax"#,
            reference: #"error while interpolating services.web.cpus: failed to cast to expected type: strconv.ParseFloat: parsing "lots": invalid syntax"#
        ),
        Case(
            name: "type-privileged-string",
            attributes: [("image", T.string("nginx", 3)), ("privileged", T.string("yes please", 4, 17))],
            path: "services.web.privileged",
            message: "failed to cast to expected type: invalid boolean: yes please",
            reference: "error while interpolating services.web.privileged: failed to cast to expected type: invalid boolean: yes please"
        ),
    ]

    @Test("each is one located error with the reference's wording", arguments: cases)
    func badInput(_ item: Case) {
        let root = T.service(item.attributes)
        var diagnostics: [Diagnostic] = []
        do {
            _ = try Interpolator(environment: item.environment).interpolate(root)
        } catch let error as DiagnosticError {
            diagnostics = error.diagnostics
        } catch {
            Issue.record("unexpected \(error)")
        }
        let leaf = item.attributes.last?.1
        let location = leaf?.sequence?.first?.location ?? leaf?.mapping?.first(where: { _ in true })?.value.location ?? leaf?.location
        #expect(diagnostics == [.error(at: location, path: item.path, item.message)])
    }
}
