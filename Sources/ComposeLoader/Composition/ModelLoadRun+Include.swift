import ComposeModel

/// `include` (compose-go's loader/include.go): each entry is loaded as a project of its own — its own
/// project directory and `.env` — made complete (defaults, validation, absolute paths) and its resources
/// are added to the including document; a resource defined differently on both sides is refused.
extension ModelLoadRun {
    /// One `include` entry in its long form.
    struct IncludeEntry {
        var paths: [String]
        var projectDirectory: String?
        var envFiles: [String]
        var location: SourceLocation?
        var path: String
    }

    mutating func applyInclude(_ document: ComposeNode, scope: LoadScope, included: [String]) throws -> ComposeNode {
        guard let includeNode = document["include"] else { return document }
        var result = document
        result["include"] = nil
        if includeNode.isNull { return result }
        guard let items = includeNode.sequence else {
            throw DiagnosticError(.error(at: includeNode.location, path: "include",
                                         "`include` must be a list, got \(GoText.value(includeNode))"))
        }
        guard var target = result.mapping else { return result }
        for (index, item) in items.enumerated() {
            let entry = try Self.includeEntry(item, path: "include[\(index)]")
            let imported = try loadIncluded(entry, scope: scope, included: included)
            try Self.importResources(imported, into: &target, location: entry.location, path: entry.path)
        }
        result.value = .mapping(target)
        return result
    }

    private static func includeEntry(_ item: ComposeNode, path: String) throws -> IncludeEntry {
        func strings(_ node: ComposeNode, _ key: String) throws -> [String] {
            if let text = node.string { return [text] }
            if node.isNull { return [] }
            guard let list = node.sequence else {
                throw DiagnosticError(.error(at: node.location, path: "\(path).\(key)", "\(key) must be a string or a list of strings"))
            }
            return try list.map { element in
                guard let text = element.string else {
                    throw DiagnosticError(.error(at: element.location, path: "\(path).\(key)", "\(key) must be a string or a list of strings"))
                }
                return text
            }
        }
        if let text = item.string {
            return IncludeEntry(paths: [text], projectDirectory: nil, envFiles: [], location: item.location, path: path)
        }
        guard let mapping = item.mapping else {
            throw DiagnosticError(.error(at: item.location, path: path, "include entries must be a string or a mapping"))
        }
        // Unknown keys are ignored and a missing path includes nothing, as there (the schema never sees
        // `include`: it is gone before validation).
        var directory: String?
        if let node = mapping["project_directory"], !node.isNull {
            guard let text = node.string else {
                throw DiagnosticError(.error(at: node.location, path: "\(path).project_directory", "project_directory must be a string"))
            }
            directory = text
        }
        let paths = try mapping["path"].map { try strings($0, "path") } ?? []
        return IncludeEntry(
            paths: paths,
            projectDirectory: directory,
            envFiles: try mapping["env_file"].map { try strings($0, "env_file") } ?? [],
            location: item.location,
            path: path
        )
    }

    /// Loads one included project: its files merged, defaults set, checked, paths made absolute against its
    /// project directory, bare environment names resolved from its own environment.
    private mutating func loadIncluded(_ entry: IncludeEntry, scope: LoadScope, included: [String]) throws -> ComposeMapping {
        let files = entry.paths.map { FilePaths.absolute($0, base: scope.workingDirectory) }
        guard let main = files.first else { return ComposeMapping() }
        let projectDirectory: String
        if let directory = entry.projectDirectory, !directory.isEmpty {
            projectDirectory = FilePaths.absolute(directory, base: scope.workingDirectory)
        } else {
            projectDirectory = FilePaths.directory(main)
        }
        if included.contains(main), let first = included.first {
            let chain = (included.dropFirst() + [main]).joined(separator: "\n include ")
            throw DiagnosticError(.error(at: entry.location, path: entry.path, "include cycle detected:\n\(first)\n include \(chain)"))
        }

        var envFiles: [String] = []
        if entry.envFiles.isEmpty {
            let dotenv = FilePaths.join(projectDirectory, ".env")
            if FilePaths.exists(dotenv), !FilePaths.isDirectory(dotenv) { envFiles = [dotenv] }
        } else {
            for file in entry.envFiles {
                let absolute = FilePaths.absolute(file, base: scope.workingDirectory)
                guard FilePaths.exists(absolute) else {
                    throw DiagnosticError(.error(at: entry.location, path: entry.path + ".env_file",
                                                 "stat \(absolute): no such file or directory"))
                }
                if FilePaths.isDirectory(absolute) {
                    throw DiagnosticError(.error(at: entry.location, path: entry.path + ".env_file", "\(absolute) is not a file"))
                }
                envFiles.append(absolute)
            }
        }
        let loaded = try ProjectEnvironment.load(
            processEnvironment: scope.environment,
            workingDirectory: projectDirectory,
            envFiles: envFiles
        )
        let environment = loaded.environment
        warnings += loaded.warnings

        var includedScope = LoadScope(
            workingDirectory: projectDirectory,
            environment: environment,
            options: scope.options,
            id: nextScopeID
        )
        includedScope.options.resolvePaths = true
        includedScope.options.skipNormalization = true
        includedScope.options.skipConsistencyCheck = true
        nextScopeID += 1

        var dict = ComposeMapping()
        for file in files {
            dict = try loadFile(ComposeFileSource(path: file), scope: includedScope, into: dict, included: included,
                                requestedAt: entry.location).0
        }
        var model = ComposeNode.mapping(dict, at: entry.location)
        model = try ProjectNormalizer.setDefaults(model)
        if !includedScope.options.skipValidation {
            let problems = SemanticValidator.validate(model)
            if problems.contains(where: { $0.severity == .error }) { throw DiagnosticError(problems) }
            warnings += problems
        }
        model = try ProjectNormalizer.resolvePaths(model, workingDirectory: projectDirectory)
        return Self.resolveEnvironment(model.mapping ?? dict, environment)
    }

    /// compose-go's ResolveEnvironment: a bare `NAME` in a service's environment list takes its value from
    /// the included project's environment; a config's `environment` gives its content.
    static func resolveEnvironment(_ dict: ComposeMapping, _ environment: [String: String]) -> ComposeMapping {
        var result = dict
        if var servicesNode = dict["services"], var services = servicesNode.mapping {
            for (name, service) in services {
                guard let entries = service["environment"] else { continue }
                var copy = service
                if let items = entries.sequence {
                    var resolved: [ComposeNode] = []
                    for item in items {
                        guard let text = item.string else { continue }
                        if let value = environment[text] {
                            resolved.append(.string("\(text)=\(value)", at: item.location))
                        } else {
                            resolved.append(item)
                        }
                    }
                    copy["environment"] = .sequence(resolved, at: entries.location)
                } else if var mapping = entries.mapping {
                    // The canonical form already made the list a mapping: a bare name is a null value.
                    for (key, value) in mapping where value.isNull {
                        if let found = environment[key] { mapping[key] = .string(found, at: value.location) }
                    }
                    copy["environment"] = .mapping(mapping, at: entries.location)
                } else {
                    continue
                }
                services[name] = copy
            }
            servicesNode.value = .mapping(services)
            result["services"] = servicesNode
        }
        if var configsNode = dict["configs"], var configs = configsNode.mapping {
            for (name, config) in configs {
                guard let variable = config["environment"]?.string, let value = environment[variable] else { continue }
                var copy = config
                copy["content"] = .string(value, at: config["environment"]?.location)
                configs[name] = copy
            }
            configsNode.value = .mapping(configs)
            result["configs"] = configsNode
        }
        return result
    }

    /// Adds the included resources to the including document; the same name defined differently is refused.
    static func importResources(
        _ source: ComposeMapping,
        into target: inout ComposeMapping,
        location: SourceLocation?,
        path: String
    ) throws {
        var problems: [Diagnostic] = []
        for key in ["services", "volumes", "networks", "secrets", "configs", "models"] {
            guard let from = source[key]?.mapping else { continue }
            let existing = target[key]
            var to = existing?.mapping ?? ComposeMapping()
            for (name, resource) in from {
                if let conflict = to[name] {
                    if conflict == resource { continue }
                    problems.append(.error(at: to.keyLocation(name) ?? conflict.location, path: "\(key).\(name)",
                                           "\(key).\(name) conflicts with imported resource"))
                    continue
                }
                to.set(name, resource, keyLocation: from.keyLocation(name))
            }
            if var node = existing {
                node.value = .mapping(to)
                target[key] = node
            } else {
                target.set(key, .mapping(to, at: location), keyLocation: location)
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }
}
