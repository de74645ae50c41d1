import ComposeModel
import Foundation

/// What `compose` asks the loader for: which files, which project, which environment.
public struct ProjectRequest: Sendable {
    /// Compose files in `-f` order (absolute paths, or `-` with `stdin` content).
    public var files: [ComposeFileSource]
    /// `-p` / `COMPOSE_PROJECT_NAME`: wins over `name:` and must already be valid.
    public var projectName: String?
    /// `--project-directory`; defaults to the directory of the first file.
    public var projectDirectory: String?
    /// `--env-file`s (or `COMPOSE_ENV_FILES`); nil means the default `.env`.
    public var envFiles: [String]?
    public var processEnvironment: [String: String]
    public var options: LoaderOptions

    public init(
        files: [ComposeFileSource],
        projectName: String? = nil,
        projectDirectory: String? = nil,
        envFiles: [String]? = nil,
        processEnvironment: [String: String] = [:],
        options: LoaderOptions = LoaderOptions()
    ) {
        self.files = files
        self.projectName = projectName
        self.projectDirectory = projectDirectory
        self.envFiles = envFiles
        self.processEnvironment = processEnvironment
        self.options = options
    }
}

/// A loaded project: the canonical document (what `compose config` prints) plus what it was made from.
public struct LoadedProject: Sendable {
    public var name: String
    public var workingDirectory: String
    public var composeFiles: [String]
    /// The interpolation environment (process environment over `.env`), with `COMPOSE_PROJECT_NAME` set.
    public var environment: [String: String]
    /// The canonical project document.
    public var document: ComposeNode
    /// Every profile named by any service, enabled or not (for `config --profiles`), sorted.
    public var allProfiles: [String]
    public var warnings: [Diagnostic]

    /// The typed model of the canonical document (decoded on demand: `config` prints the document itself).
    /// Needs the JSON shape (`LoaderOptions.outputShape`, the default).
    public func model() throws -> ComposeProject {
        try ComposeProject(document: document)
    }
}

/// Runs the loader phases in compose-go's order; every problem is reported with its location.
public enum ProjectLoader {
    public static func load(_ request: ProjectRequest) throws -> LoadedProject {
        guard let firstFile = request.files.first else {
            throw DiagnosticError(.error(at: nil, "no configuration file provided: not found"))
        }
        let workingDirectory = resolveWorkingDirectory(request)
        let projectEnvironment = try ProjectEnvironment.load(
            processEnvironment: request.processEnvironment,
            workingDirectory: workingDirectory,
            envFiles: request.envFiles
        )
        var environment = projectEnvironment.environment
        var warnings: [Diagnostic] = projectEnvironment.warnings

        // Read and parse every file once; the name and the model both come from these documents.
        var sources: [ComposeFileSource] = []
        for file in request.files {
            var source = file
            if source.content == nil {
                source.content = try ComposeFileReader.read(path: file.path, limits: request.options.limits)
            }
            sources.append(source)
        }

        let name = try projectName(request, sources: &sources, environment: environment, directory: workingDirectory)
        environment["COMPOSE_PROJECT_NAME"] = name
        let context = LoadContext(workingDirectory: workingDirectory, environment: environment, options: request.options)

        var (document, loadWarnings) = try ModelFileLoader.load(files: sources, context: context)
        warnings += loadWarnings
        sources = []  // the texts and parsed documents are merged now: free them before the next phases
        guard let mapping = document.mapping, !mapping.isEmpty else {
            throw DiagnosticError(.error(at: document.location ?? SourceLocation(file: firstFile.path, line: 1, column: 1), "empty compose file"))
        }

        document = try ProjectNormalizer.setDefaults(document)
        if !request.options.skipValidation {
            let problems = SemanticValidator.validate(document)
            if problems.contains(where: { $0.severity == .error }) { throw DiagnosticError(warnings + problems) }
            warnings += problems
        }
        if request.options.resolvePaths {
            document = try ProjectNormalizer.resolvePaths(document, workingDirectory: workingDirectory)
        }
        if !request.options.skipNormalization {
            document = try ProjectNormalizer.normalize(document, name: name, context: context)
        }
        // docker compose's order: profiles split enabled from disabled services, the consistency check
        // runs on that split (a dependency on a disabled service is an error only when required), and only
        // then are the services named on the command line selected.
        let split = ProfileFilter.withProfiles(document, profiles: request.options.profiles)
        let allProfiles = ProfileFilter.allProfiles(in: document)
        if !request.options.skipConsistencyCheck {
            let problems = ConsistencyChecker.check(split.project, disabledServices: Set(split.disabled.keys))
            if problems.contains(where: { $0.severity == .error }) { throw DiagnosticError(warnings + problems) }
            warnings += problems
        }
        document = try ProfileFilter.select(split, requestedServices: request.options.requestedServices)
        if request.options.skipNormalization {
            // Normalisation is what turns `environment`/`labels` lists into mappings; the resolver needs them.
            document = try ProjectNormalizer.keyValueMappings(document)
            document["name"] = .string(name)
        }
        if !request.options.skipResolveEnvironment {
            let resolved = try ServiceEnvironmentResolver.run(document, context: context)
            document = resolved.document
            warnings += resolved.warnings
        }
        document = try ProjectNormalizer.typed(document, format: request.options.outputShape)

        return LoadedProject(
            name: name,
            workingDirectory: workingDirectory,
            composeFiles: request.files.map(\.path),
            environment: environment,
            document: document,
            allProfiles: allProfiles,
            warnings: Self.unique(warnings)
        )
    }

    /// Warnings in first-seen order, each once (a document merged onto earlier ones is re-checked whole).
    static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }

    /// Whether a file can have a top-level `name:` — a cheap line scan that saves parsing big files twice.
    /// Only block-style top-level keys are recognised by the scan; a flow-style top level is always parsed.
    static func mayDeclareName(_ text: String) -> Bool {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first else { continue }
            if first == "{" || first == "-" && line.hasPrefix("---") && line.contains("{") { return true }
            if first == "n" || first == "\"" || first == "'" {
                let key = line.drop(while: { $0 == "\"" || $0 == "'" })
                if key.hasPrefix("name") {
                    let rest = key.dropFirst(4).drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
                    if rest.first == ":" { return true }
                }
            }
        }
        return false
    }

    static func resolveWorkingDirectory(_ request: ProjectRequest) -> String {
        if let directory = request.projectDirectory {
            return URL(fileURLWithPath: directory).standardizedFileURL.path
        }
        if let file = request.files.first(where: { $0.path != "-" }) {
            return (URL(fileURLWithPath: file.path).standardizedFileURL.path as NSString).deletingLastPathComponent
        }
        return FileManager.default.currentDirectoryPath
    }

    /// `-p` wins, then `COMPOSE_PROJECT_NAME`, then the last `name:` of the files (interpolated), then the
    /// project directory's name; all but `-p` are normalised.
    static func projectName(
        _ request: ProjectRequest,
        sources: inout [ComposeFileSource],
        environment: [String: String],
        directory: String
    ) throws -> String {
        if let given = request.projectName, !given.isEmpty {
            guard ProjectName.isValid(given) else {
                throw DiagnosticError(.error(at: nil, ProjectName.invalidMessage(given)))
            }
            return given
        }
        if let fromEnvironment = environment["COMPOSE_PROJECT_NAME"], !fromEnvironment.isEmpty {
            let normalized = ProjectName.normalize(fromEnvironment)
            if !normalized.isEmpty { return normalized }
        }
        var fromFiles: ComposeNode?
        for index in sources.indices {
            guard let text = sources[index].content, mayDeclareName(text),
                  let documents = try? YAMLComposer.documents(text: text, file: sources[index].path, limits: request.options.limits)
            else { continue }
            // Kept, so the file is not parsed a second time by the model loader.
            sources[index].documents = documents
            for document in documents {
                if let name = document["name"], let text = name.scalarText, !text.isEmpty { fromFiles = name }
            }
        }
        if let fromFiles {
            var node = ComposeNode.mapping(ComposeMapping([("name", fromFiles)]))
            if !request.options.skipInterpolation {
                node = try Interpolator(environment: environment).interpolate(node).0
            }
            if let text = node["name"]?.scalarText {
                let normalized = request.options.skipNormalization ? text : ProjectName.normalize(text)
                if !normalized.isEmpty { return normalized }
            }
        }
        let base = ProjectName.normalize((directory as NSString).lastPathComponent)
        guard !base.isEmpty else {
            throw DiagnosticError(.error(at: nil, "project name must not be empty"))
        }
        return base
    }
}
