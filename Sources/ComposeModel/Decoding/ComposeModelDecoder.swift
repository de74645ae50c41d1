import OrderedCollections

/// Turns the final canonical tree (the shape `docker compose config --format json` prints) into a
/// `ComposeProject`, and back.
///
/// Every key must be known to the model: an unknown key is an error at its location, never dropped
/// silently. `x-` keys are kept as nodes. All problems of the tree are reported together.
public enum ComposeModelDecoder {
    public static func decode(_ document: ComposeNode) throws -> ComposeProject {
        let context = ComposeDecodingContext()
        guard var reader = ComposeMappingReader(document, path: "", context: context) else {
            throw DiagnosticError(context.diagnostics)
        }
        var project = ComposeProject(name: reader.string("name") ?? "")
        if let servicesNode = reader.take("services"), !servicesNode.isNull,
           let services = context.mapping(servicesNode, "services") {
            var decoded: [(String, ComposeService)] = []
            decoded.reserveCapacity(services.count)
            for (name, node) in services {
                let path = ComposeDecodingContext.child("services", name)
                if var service = ComposeService(name: name, node: node, path: path, context: context) {
                    if service.location == nil { service.location = services.keyLocation(name) }
                    decoded.append((name, service))
                }
            }
            project.services = sortedByName(decoded)
        }
        project.networks = resources(&reader, "networks", of: ComposeNetwork.self) { $0.location = $1 }
        project.volumes = resources(&reader, "volumes", of: ComposeVolume.self) { $0.location = $1 }
        project.secrets = resources(&reader, "secrets", of: ComposeSecret.self) { $0.location = $1 }
        project.configs = resources(&reader, "configs", of: ComposeConfig.self) { $0.location = $1 }
        project.models = resources(&reader, "models", of: ComposeModelDefinition.self) { $0.location = $1 }
        project.extensions = reader.finish()
        let errors = context.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticError(context.diagnostics) }
        return project
    }

    /// The canonical tree of a project: `name`, `services`, the non-empty resource sections and the
    /// top-level `x-` keys, sorted by key as compose-go prints its top-level map. `models` is included
    /// when present although `docker compose config --format json` leaves it out.
    public static func encode(_ project: ComposeProject) -> ComposeNode {
        var writer = ComposeMappingWriter()
        writer.set("name", project.name.isEmpty ? nil : project.name)
        var services = ComposeMapping()
        for (name, service) in project.services {
            services[name] = service.composeNode
        }
        writer.set("services", .mapping(services))
        writer.set("networks", section(project.networks))
        writer.set("volumes", section(project.volumes))
        writer.set("secrets", section(project.secrets))
        writer.set("configs", section(project.configs))
        writer.set("models", section(project.models))
        writer.setExtensions(project.extensions)
        var mapping = writer.mapping
        mapping.sortKeys()
        return .mapping(mapping)
    }

    private static func resources<Resource: ComposeNodeCodable>(
        _ reader: inout ComposeMappingReader, _ key: String, of type: Resource.Type,
        setLocation: (inout Resource, SourceLocation?) -> Void
    ) -> OrderedDictionary<String, Resource> {
        guard let node = reader.take(key), !node.isNull,
              let mapping = reader.context.mapping(node, key) else { return [:] }
        var decoded: [(String, Resource)] = []
        decoded.reserveCapacity(mapping.count)
        for (name, child) in mapping {
            let path = ComposeDecodingContext.child(key, name)
            // A resource declared with no attributes (`volumes: {data: }`) is null in the tree.
            let resourceNode = child.isNull ? ComposeNode.mapping(ComposeMapping(), at: child.location) : child
            if var resource = Resource(node: resourceNode, path: path, context: reader.context) {
                if child.location == nil { setLocation(&resource, mapping.keyLocation(name)) }
                decoded.append((name, resource))
            }
        }
        return sortedByName(decoded)
    }

    private static func sortedByName<Value>(_ pairs: [(String, Value)]) -> OrderedDictionary<String, Value> {
        var result = OrderedDictionary<String, Value>(minimumCapacity: pairs.count)
        for (name, value) in pairs.sorted(by: { $0.0 < $1.0 }) {
            result[name] = value
        }
        return result
    }

    private static func section<Resource: ComposeNodeCodable>(
        _ resources: OrderedDictionary<String, Resource>
    ) -> ComposeNode? {
        guard !resources.isEmpty else { return nil }
        var mapping = ComposeMapping()
        for (name, resource) in resources {
            mapping[name] = resource.composeNode
        }
        return .mapping(mapping)
    }
}

extension ComposeProject {
    /// Decodes the final canonical tree; throws a `DiagnosticError` listing every unknown key and
    /// wrongly typed value.
    public init(document: ComposeNode) throws {
        self = try ComposeModelDecoder.decode(document)
    }

    /// The canonical tree of this project (the inverse of `init(document:)`).
    public var document: ComposeNode {
        ComposeModelDecoder.encode(self)
    }
}
