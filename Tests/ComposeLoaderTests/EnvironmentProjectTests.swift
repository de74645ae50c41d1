import ComposeLoader
import ComposeModel
import Foundation
import Testing

@Suite("Environment: project environment (.env, --env-file)")
struct EnvironmentProjectTests {
    typealias T = EnvironmentTrees

    static func load(_ process: [String: String], _ directory: String, _ files: [String]?) -> Result<ProjectEnvironment.Result, DiagnosticError> {
        do {
            return .success(try ProjectEnvironment.load(processEnvironment: process, workingDirectory: directory, envFiles: files))
        } catch let error as DiagnosticError {
            return .failure(error)
        } catch {
            return .failure(DiagnosticError(.error(at: nil, "unexpected \(error)")))
        }
    }

    @Test("reads <project>/.env under the process environment, which wins")
    func defaultDotEnv() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("TAG=from-file\nONLY_FILE=${TAG}-${HOME_DIR}\nPWD=/from/file\n", to: directory, ".env")
        let environment = try ProjectEnvironment.build(
            processEnvironment: ["TAG": "from-process", "HOME_DIR": "/home/me", "PWD": "/here"],
            workingDirectory: directory, envFiles: nil
        )
        #expect(environment == [
            "TAG": "from-process", "HOME_DIR": "/home/me", "PWD": "/here", "ONLY_FILE": "from-process-/home/me",
        ])
    }

    @Test("adds PWD when the process environment has none")
    func addsPWD() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = try ProjectEnvironment.build(processEnvironment: [:], workingDirectory: directory, envFiles: nil)
        #expect(environment == ["PWD": FileManager.default.currentDirectoryPath])
    }

    @Test("COMPOSE_DISABLE_ENV_FILE", arguments: [
        ("true", false), ("1", false), ("TRUE", false), ("t", false), ("false", true), ("0", true), ("F", true),
    ] as [(String, Bool)])
    func disable(value: String, reads: Bool) throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("A=1", to: directory, ".env")
        let environment = try ProjectEnvironment.build(
            processEnvironment: ["COMPOSE_DISABLE_ENV_FILE": value, "PWD": "/"], workingDirectory: directory, envFiles: nil
        )
        #expect((environment["A"] == "1") == reads)
    }

    @Test("an invalid COMPOSE_DISABLE_ENV_FILE is an error")
    func disableInvalid() throws {
        guard case .failure(let error) = Self.load(["COMPOSE_DISABLE_ENV_FILE": "yes"], "/nonexistent", nil) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: nil, #"strconv.ParseBool: parsing "yes": invalid syntax"#)])
    }

    @Test("--env-file replaces .env; later files win; they see earlier files")
    func explicitFiles() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("DEFAULT=1", to: directory, ".env")
        let first = try T.write("A=1\nB=first\n", to: directory, "one.env")
        let second = try T.write("B=second\nC=${A}${B}\n", to: directory, "two.env")
        let result = try Self.load(["PWD": "/"], directory, [first, second]).get()
        #expect(result.environment == ["PWD": "/", "A": "1", "B": "second", "C": "1second"])
        #expect(result.files == [first, second])
    }

    @Test("COMPOSE_ENV_FILES is used when no --env-file is given, ignored otherwise")
    func composeEnvFiles() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("DEFAULT=1", to: directory, ".env")
        let first = try T.write("A=1", to: directory, "one.env")
        let second = try T.write("B=2", to: directory, "two.env")
        let process = ["PWD": "/", "COMPOSE_ENV_FILES": "\(first),,\(second)"]
        let fromVariable = try Self.load(process, directory, nil).get()
        #expect(fromVariable.environment["A"] == "1")
        #expect(fromVariable.environment["B"] == "2")
        #expect(fromVariable.environment["DEFAULT"] == nil)
        let explicit = try Self.load(process, directory, [second]).get()
        #expect(explicit.files == [second])
        // An empty list means "none given on the command line": the default .env.
        let none = try Self.load(["PWD": "/"], directory, []).get()
        #expect(none.environment["DEFAULT"] == "1")
    }

    @Test("relative env files resolve against the current directory")
    func relativeFiles() throws {
        let current = FileManager.default.currentDirectoryPath
        guard case .failure(let error) = Self.load(["PWD": "/"], "/elsewhere", ["missing-\(UUID().uuidString).env"]) else {
            Issue.record("expected an error")
            return
        }
        let message = try #require(error.diagnostics.first?.message)
        #expect(message.hasPrefix("couldn't find env file: \(current)/missing-"))
    }

    @Test("a missing or directory env file given explicitly is an error; a .env directory is skipped")
    func missingFiles() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = directory + "/nope.env"
        guard case .failure(let error) = Self.load(["PWD": "/"], directory, [missing]) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: nil, "couldn't find env file: \(missing)")])
        try FileManager.default.createDirectory(atPath: directory + "/dir.env", withIntermediateDirectories: false)
        guard case .failure(let dirError) = Self.load(["PWD": "/"], directory, [directory + "/dir.env"]) else {
            Issue.record("expected an error")
            return
        }
        #expect(dirError.diagnostics == [.error(at: nil, "\(directory)/dir.env is a directory")])
        try FileManager.default.createDirectory(atPath: directory + "/.env", withIntermediateDirectories: false)
        #expect(try Self.load(["PWD": "/"], directory, nil).get().environment == ["PWD": "/"])
    }

    @Test("a syntax error is located in the env file (corpus bad/dotenv-bad-syntax)")
    func syntaxError() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try T.write("TAG=alpine\nthis line is not an assignment\n", to: directory, ".env")
        guard case .failure(let error) = Self.load(["PWD": "/"], directory, nil) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: SourceLocation(file: path, line: 2, column: 1), "key cannot contain a space")])
    }

    @Test("unset variables in env files are warnings, once each")
    func warnings() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try T.write("A=${NOPE}\nB=$NOPE\n", to: directory, ".env")
        let result = try Self.load(["PWD": "/"], directory, nil).get()
        #expect(result.environment["A"] == "")
        #expect(result.warnings == [
            .warning(at: SourceLocation(file: path, line: 1, column: 1), #"The "NOPE" variable is not set. Defaulting to a blank string."#),
        ])
    }

    @Test("an empty value from .env counts as set (corpus bad/interp-required-empty)")
    func emptyValue() throws {
        let directory = try T.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try T.write("TAG=\n", to: directory, ".env")
        let environment = try ProjectEnvironment.build(processEnvironment: ["PWD": "/"], workingDirectory: directory, envFiles: nil)
        #expect(environment["TAG"] == "")
        let root = T.service([("image", T.string("nginx:${TAG:?TAG cannot be empty}", 4))])
        var diagnostics: [Diagnostic] = []
        do {
            _ = try Interpolator(environment: environment).interpolate(root)
        } catch let error as DiagnosticError {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics == [
            .error(at: T.at(4), path: "services.web.image", "required variable TAG is missing a value: TAG cannot be empty"),
        ])
    }
}
