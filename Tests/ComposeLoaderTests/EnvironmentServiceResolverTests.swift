import ComposeLoader
import ComposeModel
import Foundation
import Testing

@Suite("Environment: service environment, env_file and label_file")
struct EnvironmentServiceResolverTests {
    typealias T = EnvironmentTrees

    static func context(_ environment: [String: String]) -> LoadContext {
        LoadContext(workingDirectory: "/project", environment: environment, options: LoaderOptions())
    }

    static func run(_ root: ComposeNode, _ environment: [String: String] = [:]) -> Result<ServiceEnvironmentResolver.Outcome, DiagnosticError> {
        do {
            return .success(try ServiceEnvironmentResolver.run(root, context: context(environment)))
        } catch let error as DiagnosticError {
            return .failure(error)
        } catch {
            return .failure(DiagnosticError(.error(at: nil, "unexpected \(error)")))
        }
    }

    static func envFile(_ path: String, required: Bool = true, format: String? = nil, line: Int = 5) -> ComposeNode {
        var pairs: [(String, ComposeNode)] = [("path", T.string(path, line)), ("required", .bool(required, at: T.at(line)))]
        if let format { pairs.append(("format", T.string(format, line))) }
        return T.map(line, pairs)
    }

    @Test("bare keys take the project environment's value or stay null")
    func bareKeys() throws {
        let root = T.service([("environment", T.map(4, [
            ("SET", .null(at: T.at(5))), ("UNSET", .null(at: T.at(6))), ("GIVEN", T.string("x", 7)), ("EMPTY", T.string("", 8)),
        ]))])
        let outcome = try Self.run(root, ["SET": "from-env", "GIVEN": "ignored"]).get()
        let environment = try #require(outcome.document["services"]?["web"]?["environment"])
        #expect(environment == .mapping(ComposeMapping([
            ("EMPTY", .string("")), ("GIVEN", .string("x")), ("SET", .string("from-env")), ("UNSET", .null()),
        ])))
        #expect(environment.mapping?.keys == ["EMPTY", "GIVEN", "SET", "UNSET"])
        #expect(environment["SET"]?.location == T.at(5))
        #expect(environment.location == T.at(4))
    }

    @Test("env files merge under the service's own environment (compose-go full example)")
    func fullExample() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try T.write("""
        # passed through
        FOO=foo_from_env_file
        ENV.WITH.DOT=ok
        ENV_WITH_UNDERSCORE=ok

        # overridden in example2.env
        BAR=bar_from_env_file

        # overridden in full-example.yml
        BAZ=baz_from_env_file
        """, to: directory, "example1.env")
        let second = try T.write("BAR=bar_from_env_file_2\n\n# overridden in configDetails.Environment\nQUX=quz_from_env_file_2\n", to: directory, "example2.env")
        let root = T.service([
            ("env_file", T.seq(4, [Self.envFile(first), Self.envFile(second, required: false, line: 6)])),
            ("environment", T.map(8, [("BAZ", T.string("baz_from_service_def", 9)), ("QUX", .null(at: T.at(10)))])),
        ])
        let outcome = try Self.run(root, ["BAR": "this is a secret", "QUX": "qux_from_environment"]).get()
        let web = try #require(outcome.document["services"]?["web"])
        #expect(web["env_file"] == nil)
        let environment = try #require(web["environment"]?.mapping)
        #expect(environment.keys == ["BAR", "BAZ", "ENV.WITH.DOT", "ENV_WITH_UNDERSCORE", "FOO", "QUX"])
        #expect(ComposeNode.mapping(environment) == .mapping(ComposeMapping([
            ("BAR", .string("bar_from_env_file_2")), ("BAZ", .string("baz_from_service_def")), ("ENV.WITH.DOT", .string("ok")),
            ("ENV_WITH_UNDERSCORE", .string("ok")), ("FOO", .string("foo_from_env_file")), ("QUX", .string("qux_from_environment")),
        ])))
        #expect(environment["FOO"]?.location == SourceLocation(file: first, line: 2, column: 1))
        #expect(environment["BAR"]?.location == SourceLocation(file: second, line: 1, column: 1))
        #expect(environment["BAZ"]?.location == T.at(9))
    }

    @Test("a null own entry still wins over an env file's value")
    func nullWins() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try T.write("HIDDEN=from-file\nOTHER=1\n", to: directory, "web.env")
        let root = T.service([
            ("env_file", T.seq(4, [Self.envFile(file)])),
            ("environment", T.map(6, [("HIDDEN", .null(at: T.at(7)))])),
        ])
        let environment = try Self.run(root).get().document["services"]?["web"]?["environment"]
        #expect(environment == .mapping(ComposeMapping([("HIDDEN", .null()), ("OTHER", .string("1"))])))
    }

    @Test("env file values resolve ${VAR} from the project environment, then the service's values")
    func envFileInterpolation() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try T.write("A=${PROJECT}-${OWN}\nB=$A\nINHERITED\nC=${NOPE}\n", to: directory, "web.env")
        let root = T.service([
            ("env_file", T.seq(4, [Self.envFile(file)])),
            ("environment", T.map(6, [("OWN", T.string("own", 7))])),
        ])
        let outcome = try Self.run(root, ["PROJECT": "proj", "INHERITED": "inh", "OWN": "project-own"]).get()
        let environment = outcome.document["services"]?["web"]?["environment"]
        #expect(environment == .mapping(ComposeMapping([
            ("A", .string("proj-project-own")), ("B", .string("proj-project-own")), ("C", .string("")),
            ("INHERITED", .string("inh")), ("OWN", .string("own")),
        ])))
        #expect(outcome.warnings == [.warning(
            at: SourceLocation(file: file, line: 4, column: 1), #"The "NOPE" variable is not set. Defaulting to a blank string."#
        )])
    }

    @Test("later env files win; raw files are literal (corpus dc-dotenv-raw, cgo-cli-env-file-compose-with-env-files)")
    func orderAndRaw() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let simple = try T.write("DEFAULT_PORT=8080", to: directory, "simple-env")
        let second = try T.write("DEFAULT_PORT=9090", to: directory, "second-env")
        let raw = try T.write(#"TEST_VAR='{"key": "value"}'"#, to: directory, ".env.raw")
        let root = T.service([("env_file", T.seq(4, [Self.envFile(simple), Self.envFile(second), Self.envFile(raw, format: "raw")]))])
        let environment = try Self.run(root).get().document["services"]?["web"]?["environment"]
        #expect(environment == .mapping(ComposeMapping([
            ("DEFAULT_PORT", .string("9090")), ("TEST_VAR", .string(#"'{"key": "value"}'"#)),
        ])))
    }

    @Test("a missing required env file is an error; an optional one is skipped (corpus bad/env-file-missing)")
    func missingEnvFile() throws {
        let optional = T.service([("env_file", T.seq(4, [Self.envFile("/nope/.env", required: false)]))])
        let outcome = try Self.run(optional).get()
        #expect(outcome.document["services"]?["web"] == .mapping(ComposeMapping()))

        let required = T.service([("env_file", T.seq(4, [Self.envFile("/doesnotexist/.env", line: 5)]))])
        guard case .failure(let error) = Self.run(required) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(
            at: T.at(5), "env file /doesnotexist/.env not found: stat /doesnotexist/.env: no such file or directory"
        )])
    }

    @Test("a syntax error in an env file is located there without its content (corpus bad/env-file-bad-syntax)")
    func badSyntax() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try T.write("GOOD=1\nBAD=\"unterminated\nALSO=2\n", to: directory, "web.env")
        let root = T.service([("env_file", T.seq(4, [Self.envFile(file)]))])
        guard case .failure(let error) = Self.run(root) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: SourceLocation(file: file, line: 2, column: 1), "unterminated quoted value")])
        #expect(!error.description.contains("unterminated\""))
    }

    @Test("an unknown env_file format is an error")
    func unknownFormat() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try T.write("A=1", to: directory, "web.env")
        let root = T.service([("env_file", T.seq(4, [Self.envFile(file, format: "yaml", line: 5)]))])
        guard case .failure(let error) = Self.run(root) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: T.at(5), #"unsupported env_file format "yaml""#)])
    }

    @Test("errors of every service are collected")
    func collectsErrors() {
        let root = T.map(1, [("services", T.map(2, [
            ("a", T.map(3, [("env_file", T.seq(4, [Self.envFile("/missing/a.env", line: 5)]))])),
            ("b", T.map(6, [("image", T.string("x", 7))])),
            ("c", T.map(8, [("label_file", T.seq(9, [T.string("/missing/c.labels", 10)]))])),
        ]))])
        guard case .failure(let error) = Self.run(root) else {
            Issue.record("expected errors")
            return
        }
        #expect(error.diagnostics == [
            .error(at: T.at(5), "env file /missing/a.env not found: stat /missing/a.env: no such file or directory"),
            .error(at: T.at(10), "label file /missing/c.labels not found: stat /missing/c.labels: no such file or directory"),
        ])
    }

    @Test("label files merge under the service's labels and only see earlier label files")
    func labelFiles() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try T.write("FOO=foo_from_label_file\nLABEL.WITH.DOT=ok\nBAR=bar_from_label_file\nBAZ=baz_from_label_file\n", to: directory, "example1.label")
        let second = try T.write("BAR=bar_from_label_file_2\nQUX=quz_from_label_file_2\nREF=${FOO}|${ENVONLY}\n", to: directory, "example2.label")
        let root = T.service([
            ("label_file", T.seq(4, [T.string(first, 5), T.string(second, 6)])),
            ("labels", T.map(7, [("BAZ", T.string("baz_from_service_def", 8))])),
        ])
        let outcome = try Self.run(root, ["ENVONLY": "not visible"]).get()
        let web = try #require(outcome.document["services"]?["web"])
        #expect(web["label_file"] == nil)
        #expect(web["labels"] == .mapping(ComposeMapping([
            ("BAR", .string("bar_from_label_file_2")), ("BAZ", .string("baz_from_service_def")), ("FOO", .string("foo_from_label_file")),
            ("LABEL.WITH.DOT", .string("ok")), ("QUX", .string("quz_from_label_file_2")), ("REF", .string("foo_from_label_file|")),
        ])))
        #expect(web["labels"]?.mapping?.keys.first == "BAR")
    }

    @Test("files can be kept for commands other than config")
    func keepFiles() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try T.write("A=1", to: directory, "web.env")
        let root = T.service([("env_file", T.seq(4, [Self.envFile(file)]))])
        let outcome = try ServiceEnvironmentResolver.run(root, context: Self.context([:]), discardFiles: false)
        #expect(outcome.document["services"]?["web"]?["env_file"]?.sequence?.count == 1)
        #expect(outcome.document["services"]?["web"]?["environment"] == .mapping(ComposeMapping([("A", .string("1"))])))
    }

    @Test("short forms (before canonicalisation) and relative paths are accepted")
    func shortForms() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("A=1", to: directory, "web.env")
        _ = try T.write("L=2", to: directory, "web.labels")
        let root = T.service([("env_file", T.string("./web.env", 4)), ("label_file", T.string("web.labels", 5))])
        let context = LoadContext(workingDirectory: directory, environment: [:], options: LoaderOptions())
        let web = try ServiceEnvironmentResolver.resolve(root, context: context)["services"]?["web"]
        #expect(web == .mapping(ComposeMapping([
            ("environment", .mapping(ComposeMapping([("A", .string("1"))]))),
            ("labels", .mapping(ComposeMapping([("L", .string("2"))]))),
        ])))
    }

    @Test("documents without services pass through")
    func noServices() throws {
        let root = T.map(1, [("name", T.string("x", 1))])
        #expect(try ServiceEnvironmentResolver.resolve(root, context: Self.context([:])) == root)
    }
}
