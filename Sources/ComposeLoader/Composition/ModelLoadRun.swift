import ComposeModel

/// Where a compose file is being loaded: the main project, an included project, or the file an `extends`
/// points at. Relative `include` and `extends` paths resolve against `workingDirectory`.
struct LoadScope {
    var workingDirectory: String
    var environment: [String: String]
    var options: LoaderOptions
    var skipExtends = false
    var skipInclude = false
    /// Identifies the environment for caches (an included project has its own).
    var id: Int
}

/// The state of one load: warnings, the `version` files already warned about, parsed `extends` targets.
struct ModelLoadRun {
    var warnings: [Diagnostic] = []
    var firstLocation: SourceLocation?
    private var versionWarned: Set<String> = []
    var extendsBases: [String: ExtendsBase] = [:]
    var nextScopeID = 1

    /// Reads and processes each YAML document of `file`, merging them onto `dict`. Also returns the merge
    /// tags of the last document (the `extends` of another file applies them to the service it takes).
    mutating func loadFile(
        _ file: ComposeFileSource,
        scope: LoadScope,
        into dict: ComposeMapping,
        included: [String],
        requestedAt location: SourceLocation? = nil
    ) throws -> (ComposeMapping, MergeTags) {
        let text: String
        if let content = file.content {
            text = content
        } else {
            guard FilePaths.exists(file.path) else {
                throw DiagnosticError(.error(at: location, "open \(file.path): no such file or directory"))
            }
            text = try ComposeFileReader.read(path: file.path, limits: scope.options.limits)
        }
        let documents = try file.documents ?? YAMLComposer.documents(text: text, file: file.path, limits: scope.options.limits)
        var merged = dict
        var lastTags = MergeTags()
        for document in documents {
            (merged, lastTags) = try process(document, file: file.path, scope: scope, into: merged, included: included)
        }
        return (merged, lastTags)
    }

    /// compose-go's processRawYaml: one document onto the model merged so far.
    private mutating func process(
        _ raw: ComposeNode,
        file: String,
        scope: LoadScope,
        into dict: ComposeMapping,
        included: [String]
    ) throws -> (ComposeMapping, MergeTags) {
        let (stripped, tags) = MergeTags.extract(raw)
        guard stripped.mapping != nil else {
            throw DiagnosticError(.error(at: raw.location ?? SourceLocation(file: file, line: 1, column: 1), "top-level object must be a mapping"))
        }
        if firstLocation == nil { firstLocation = raw.location }
        var document = stripped
        if LegacyConverter.isLegacy(document) {
            let known = Set(dict["services"]?.mapping?.keys ?? [])
            let (converted, notes) = try LegacyConverter.convert(document, file: file, otherServiceNames: known)
            document = converted
            warnings += notes
        }
        if !scope.options.skipInterpolation {
            let (interpolated, notes) = try Interpolator(environment: scope.environment).interpolate(document)
            document = interpolated
            warnings += notes
        }
        if !scope.skipExtends {
            document = try applyExtends(document, file: file, scope: scope, tags: tags)
        }
        var base = dict
        tags.apply(to: &base)
        if !scope.skipInclude {
            document = try applyInclude(document, scope: scope, included: included + [file])
        }
        guard let mapping = document.mapping else { return (base, tags) }
        var merged = try ComposeMerger.mergeMappings(base, mapping, at: ModelPath())
        merged = try unique(merged)

        if !scope.options.skipValidation {
            let problems = SchemaValidator.validate(.mapping(merged, at: document.location))
            if problems.contains(where: { $0.severity == .error }) {
                throw DiagnosticError(problems)
            }
            warnings += problems
            if merged["version"] != nil {
                if !versionWarned.contains(file) {
                    versionWarned.insert(file)
                    let location = merged.keyLocation("version")
                    let subject = location == nil ? "\(file): " : ""
                    warnings.append(.warning(
                        at: location,
                        "\(subject)the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                    ))
                }
                merged.removeValue(forKey: "version")
            }
        } else {
            merged.removeValue(forKey: "version")
        }

        let (canonical, notes) = try Canonicalizer.canonicalizeWithWarnings(
            .mapping(merged, at: document.location), skipInterpolation: scope.options.skipInterpolation)
        warnings += notes
        merged = canonical.mapping ?? merged
        Self.omitEmpty(&merged)
        merged = try unique(merged)
        return (merged, tags)
    }

    private func unique(_ mapping: ComposeMapping) throws -> ComposeMapping {
        try ComposeMerger.enforceUnicity(.mapping(mapping)).mapping ?? mapping
    }

    /// compose-go's OmitEmpty: null and empty entries of `services.*.dns` mean nothing.
    static func omitEmpty(_ dict: inout ComposeMapping) {
        guard var servicesNode = dict["services"], var services = servicesNode.mapping else { return }
        var changed = false
        for (name, service) in services {
            guard let items = service["dns"]?.sequence else { continue }
            let kept = items.filter { !($0.isNull || $0.string == "") }
            guard kept.count != items.count else { continue }
            var copy = service
            copy["dns"] = kept.isEmpty ? .null(at: service["dns"]?.location) : .sequence(kept, at: service["dns"]?.location)
            services[name] = copy
            changed = true
        }
        guard changed else { return }
        servicesNode.value = .mapping(services)
        dict["services"] = servicesNode
    }
}
