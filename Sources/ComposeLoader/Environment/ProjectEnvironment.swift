import ComposeModel
import Foundation
import OrderedCollections

/// Builds the interpolation environment: `.env` (or `--env-file`s / `COMPOSE_ENV_FILES`) under the process
/// environment, which wins, as docker compose does.
///
/// docker compose v2.40.3 (cmd/compose/compose.go + compose-go cli/options.go): the process environment
/// first (`PWD` added when missing); then the env files — the `--env-file`s, else `COMPOSE_ENV_FILES`
/// (comma-separated), else `<project dir>/.env` when it exists and `COMPOSE_DISABLE_ENV_FILE` is not true.
/// Files are read in order into one map (a later file wins over an earlier one), their `${VAR}` resolved
/// from the process environment first, then from values read so far; the result only adds variables the
/// process environment does not have.
public enum ProjectEnvironment {
    /// The environment and what building it noticed.
    public struct Result: Sendable {
        public var environment: [String: String]
        /// The env files read, absolute, in order (for `config --environment` and file watching).
        public var files: [String]
        /// Unset variables referenced inside the env files.
        public var warnings: [Diagnostic]
    }

    public static func build(
        processEnvironment: [String: String],
        workingDirectory: String,
        envFiles: [String]?
    ) throws -> [String: String] {
        try load(processEnvironment: processEnvironment, workingDirectory: workingDirectory, envFiles: envFiles).environment
    }

    /// `envFiles`: the `--env-file` values (relative ones resolve against the current directory, as the
    /// reference's CLI does); nil means "none given", and then `COMPOSE_ENV_FILES` of `processEnvironment`
    /// is used when set.
    public static func load(
        processEnvironment: [String: String],
        workingDirectory: String,
        envFiles: [String]?
    ) throws -> Result {
        var environment = processEnvironment
        let currentDirectory = FileManager.default.currentDirectoryPath
        if environment["PWD"] == nil {
            environment["PWD"] = currentDirectory
        }
        let files = try selectFiles(
            processEnvironment: processEnvironment,
            workingDirectory: workingDirectory,
            envFiles: envFiles,
            currentDirectory: currentDirectory
        )
        let (values, warnings) = try readEnvFiles(files, environment: environment)
        for (key, value) in values where environment[key] == nil {
            environment[key] = value
        }
        return Result(environment: environment, files: files, warnings: warnings)
    }

    /// compose-go's `GetEnvFromFile`: reads `files` (absolute) in order into one map, a later file winning;
    /// `${VAR}` in them resolves from `environment` first, then from the values read so far. Returns the
    /// values only (callers merge them under `environment`) and the unset-variable warnings, once each.
    /// Also what `include`'s `env_file` needs.
    public static func readEnvFiles(
        _ files: [String],
        environment: [String: String]
    ) throws -> (values: [String: String], warnings: [Diagnostic]) {
        var values: OrderedDictionary<String, Dotenv.Entry> = [:]
        var warnings: [Diagnostic] = []
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw DiagnosticError(warnings + [.error(at: nil, "couldn't find env file: \(file)")])
            }
            guard !isDirectory.boolValue else {
                throw DiagnosticError(warnings + [.error(at: nil, "\(file) is a directory")])
            }
            let text = try Dotenv.readFile(at: file, reference: nil)
            do {
                warnings += try Dotenv.parse(text, file: file, format: .dotenv, into: &values, lookup: { environment[$0] })
            } catch let error as DiagnosticError {
                throw DiagnosticError(warnings + error.diagnostics)
            }
        }
        var plain: [String: String] = [:]
        plain.reserveCapacity(values.count)
        for (key, entry) in values { plain[key] = entry.value }
        return (plain, deduplicated(warnings))
    }

    static func selectFiles(
        processEnvironment: [String: String],
        workingDirectory: String,
        envFiles: [String]?,
        currentDirectory: String
    ) throws -> [String] {
        var explicit = envFiles ?? []
        if envFiles == nil, let list = processEnvironment["COMPOSE_ENV_FILES"] {
            explicit = list.split(separator: ",").map(String.init)
        }
        if !explicit.isEmpty {
            return explicit.map { absolute($0, in: currentDirectory) }
        }
        if let disable = processEnvironment["COMPOSE_DISABLE_ENV_FILE"] {
            guard let flag = parseGoBool(disable) else {
                throw DiagnosticError(.error(at: nil, "strconv.ParseBool: parsing \(GoQuote.quote(disable)): invalid syntax"))
            }
            if flag { return [] }
        }
        let dotEnv = (workingDirectory as NSString).appendingPathComponent(".env")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotEnv, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return []
        }
        return [dotEnv]
    }

    /// Go's `strconv.ParseBool`.
    static func parseGoBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    private static func absolute(_ path: String, in directory: String) -> String {
        let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }

    /// One warning per variable, at its first use.
    private static func deduplicated(_ warnings: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<String> = []
        return warnings.filter { seen.insert($0.message).inserted }
    }
}
