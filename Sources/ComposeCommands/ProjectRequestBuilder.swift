import ComposeLoader
import ComposeModel
import Foundation

/// Turns the global flags and the process environment into a loader request, like docker compose's
/// project options: `-f` or `COMPOSE_FILE` (split on `COMPOSE_PATH_SEPARATOR`), else discovery upward
/// from the working directory; `--profile` or `COMPOSE_PROFILES`; `--env-file` or `COMPOSE_ENV_FILES`.
struct ProjectRequestBuilder {
    var global: GlobalOptions
    var environment: [String: String]
    var currentDirectory: String
    /// Reads standard input for `-f -`.
    var readStandardInput: () -> String = {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }

    init(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
         currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.global = global
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The request and any discovery warnings (printed by the caller).
    func build(options: LoaderOptions = LoaderOptions()) throws -> (ProjectRequest, [String]) {
        var warnings: [String] = []
        var paths = global.file
        if paths.isEmpty, let fromEnvironment = environment["COMPOSE_FILE"], !fromEnvironment.isEmpty {
            let separator = environment["COMPOSE_PATH_SEPARATOR"].flatMap { $0.isEmpty ? nil : $0 } ?? ":"
            paths = fromEnvironment.components(separatedBy: separator).filter { !$0.isEmpty }
        }
        var files: [ComposeFileSource] = []
        if paths.isEmpty {
            let start = global.projectDirectory.map { absolute($0) } ?? currentDirectory
            guard let found = ComposeFileDiscovery.discover(from: start) else {
                throw DiagnosticError(.error(at: nil, "no configuration file provided: not found"))
            }
            warnings += found.warnings
            files = found.files.map { ComposeFileSource(path: $0) }
        } else {
            for path in paths {
                if path == "-" {
                    let directory = global.projectDirectory.map { absolute($0) } ?? currentDirectory
                    files.append(ComposeFileSource(path: (directory as NSString).appendingPathComponent("-"),
                                                   content: readStandardInput()))
                } else {
                    files.append(ComposeFileSource(path: absolute(path)))
                }
            }
        }

        var loaderOptions = options
        var profiles = global.profile
        if profiles.isEmpty, let fromEnvironment = environment["COMPOSE_PROFILES"] {
            profiles = fromEnvironment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        loaderOptions.profiles = profiles

        var projectDirectory = global.projectDirectory.map { absolute($0) }
        if projectDirectory == nil, let first = files.first, first.content != nil {
            // `-f -` alone: the project lives in the current directory.
            projectDirectory = currentDirectory
        }
        let request = ProjectRequest(
            files: files,
            projectName: global.projectName,
            projectDirectory: projectDirectory,
            envFiles: global.envFile.isEmpty ? nil : global.envFile.map { absolute($0) },
            processEnvironment: environment,
            options: loaderOptions
        )
        return (request, warnings)
    }

    private func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~/") ? (environment["HOME"] ?? "~") + path.dropFirst() : path
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return URL(fileURLWithPath: (currentDirectory as NSString).appendingPathComponent(expanded)).standardizedFileURL.path
    }
}
