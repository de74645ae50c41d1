import ComposeModel

/// The services of a file that an `extends` points at, loaded once per run, and that file's merge tags.
struct ExtendsBase {
    var services: ComposeMapping
    var tags: MergeTags
}

/// `extends` (compose-go's loader/extends.go): a service starts from a copy of the service it extends, from
/// the same file or another one, and its own attributes are merged on top with the override rules.
extension ModelLoadRun {
    /// One step of an `extends` chain, for the circular-reference message.
    struct ChainLink: Equatable {
        var file: String
        var service: String
    }

    mutating func applyExtends(_ document: ComposeNode, file: String, scope: LoadScope, tags: MergeTags) throws -> ComposeNode {
        guard let servicesNode = document["services"] else { return document }
        guard var services = servicesNode.mapping else {
            throw DiagnosticError(.error(at: servicesNode.location, path: "services", "services must be a mapping"))
        }
        for name in services.keys {
            _ = try resolve(name, in: &services, memoize: true, file: file, scope: scope, chain: [], tags: tags)
        }
        var result = document
        var updated = servicesNode
        updated.value = .mapping(services)
        result["services"] = updated
        return result
    }

    /// The service `name` with its `extends` resolved (nil when it is absent or null). With `memoize`, the
    /// resolved definition replaces the original in `services` so a shared base is resolved once.
    private mutating func resolve(
        _ name: String,
        in services: inout ComposeMapping,
        memoize: Bool,
        file: String,
        scope: LoadScope,
        chain: [ChainLink],
        tags: MergeTags
    ) throws -> ComposeNode? {
        guard let node = services[name], !node.isNull else { return nil }
        guard let service = node.mapping else {
            throw DiagnosticError(.error(at: node.location, path: "services.\(name)", "services.\(name) must be a mapping"))
        }
        guard let extends = service["extends"] else { return node }
        let location = service.keyLocation("extends") ?? extends.location
        let path = "services.\(name).extends"

        var reference = ""
        var fileReference: String?
        switch extends.value {
        case .mapping(let options):
            guard let service = options["service"]?.string else {
                throw DiagnosticError(.error(at: location, path: path, "extends.\(name).service is required"))
            }
            reference = service
            if let fileNode = options["file"], !fileNode.isNull {
                guard let text = fileNode.string else {
                    throw DiagnosticError(.error(at: fileNode.location, path: path + ".file", "extends.\(name).file must be a string"))
                }
                fileReference = text
            }
        case .string(let service):
            reference = service
        default:
            break
        }

        let base: ComposeNode?
        if let fileReference {
            var loaded = try extendsBase(name: name, reference: reference, fileReference: fileReference,
                                         file: file, scope: scope, location: location)
            let link = ChainLink(file: fileReference, service: name)
            try Self.checkCycle(chain, link, location: location, path: path)
            base = try resolve(reference, in: &loaded.services, memoize: false, file: file, scope: scope,
                               chain: chain + [link], tags: loaded.tags)
        } else {
            guard services[reference] != nil else {
                throw DiagnosticError(.error(at: location, path: path,
                                             "cannot extend service \"\(name)\" in \(file): service \"\(reference)\" not found"))
            }
            let link = ChainLink(file: file, service: name)
            try Self.checkCycle(chain, link, location: location, path: path)
            base = try resolve(reference, in: &services, memoize: memoize, file: file, scope: scope,
                               chain: chain + [link], tags: tags)
        }
        guard var source = base else { return node }
        // The extending service's `!reset` / `!override` tags apply to the copy it starts from.
        tags.apply(toService: name, &source)
        var merged = try ComposeMerger.extendService(base: source, service: node)
        merged["extends"] = nil
        merged.location = node.location
        if memoize { services[name] = merged }
        return merged
    }

    private static func checkCycle(_ chain: [ChainLink], _ link: ChainLink, location: SourceLocation?, path: String) throws {
        guard chain.contains(link), let first = chain.first else { return }
        var lines = ["Circular reference:", "  \(first.service) in \(first.file)"]
        for step in chain.dropFirst() + [link] {
            lines.append("  extends \(step.service) in \(step.file)")
        }
        throw DiagnosticError(.error(at: location, path: path, lines.joined(separator: "\n")))
    }

    /// Loads the file an `extends` names (relative to the scope's working directory), as compose-go's
    /// getExtendsBaseFromFile: interpolated, merged and canonical but neither validated nor extended, its
    /// relative paths rebased on its own directory.
    private mutating func extendsBase(
        name: String,
        reference: String,
        fileReference: String,
        file: String,
        scope: LoadScope,
        location: SourceLocation?
    ) throws -> ExtendsBase {
        let local = FilePaths.absolute(fileReference, base: scope.workingDirectory)
        let directory = FilePaths.directory(local)
        let cacheKey = "\(scope.id)\u{0}\(local)"
        var base: ExtendsBase
        if let cached = extendsBases[cacheKey] {
            base = cached
        } else {
            var baseScope = scope
            baseScope.workingDirectory = directory
            baseScope.skipExtends = true
            baseScope.skipInclude = true
            baseScope.options.skipValidation = true
            let (dict, tags) = try loadFile(ComposeFileSource(path: local), scope: baseScope, into: ComposeMapping(),
                                            included: [], requestedAt: location)
            guard let servicesNode = dict["services"] else {
                throw DiagnosticError(.error(at: location, path: "services.\(name).extends",
                                             "cannot extend service \"\(name)\" in \(local): no services section"))
            }
            guard let mapping = servicesNode.mapping else {
                throw DiagnosticError(.error(at: location, path: "services.\(name).extends",
                                             "cannot extend service \"\(name)\" in \(local): services must be a mapping"))
            }
            let relativeDirectory = FilePaths.relative(from: scope.workingDirectory, to: directory)
            let resolved = try ProjectNormalizer.resolvePaths(
                .mapping(ComposeMapping([("services", .mapping(mapping, at: servicesNode.location))])),
                workingDirectory: directory
            )
            let services = Self.rebaseExtendsFiles(resolved["services"]?.mapping ?? mapping, original: mapping, onto: relativeDirectory)
            base = ExtendsBase(services: services, tags: tags)
            extendsBases[cacheKey] = base
        }
        guard base.services[reference] != nil else {
            throw DiagnosticError(.error(at: location, path: "services.\(name).extends",
                                         "cannot extend service \"\(name)\" in \(file): service \"\(reference)\" not found in \(fileReference)"))
        }
        return base
    }

    /// A nested `extends.file` is relative to the file that holds it: express it from the scope's working
    /// directory, as compose-go does, so chains across folders resolve (and messages name it the same way).
    private static func rebaseExtendsFiles(_ services: ComposeMapping, original: ComposeMapping, onto directory: String) -> ComposeMapping {
        var result = services
        for (name, originalService) in original {
            guard let fileNode = originalService["extends"]?["file"], let text = fileNode.string, !FilePaths.isAbsolute(text),
                  let service = services[name]
            else {
                continue
            }
            var copy = service
            var extends = service["extends"] ?? .null()
            extends["file"] = .string(FilePaths.join(directory, text), at: fileNode.location)
            copy["extends"] = extends
            result[name] = copy
        }
        return result
    }
}
